# Sourced by run.sh and threads.sh: waiting for a server's port, CPU ticks of a process or thread,
# and the 1,000 responses the Lua scripts send feedback for.

# wait_port NAME PID OUT ERR: prints the port the server PID announced in OUT (a line with
# "port N" or "127.0.0.1:N"); exits with ERR shown if the server dies or says nothing for 60 s.
wait_port() {
  local name="$1" pid="$2" out="$3" err="$4" port
  for _ in $(seq 1 240); do
    port="$(grep -oE '(port |127\.0\.0\.1:)[0-9]+' "$out" 2>/dev/null | grep -oE '[0-9]+$' | head -1 || true)"
    [ -n "$port" ] && { echo "$port"; return; }
    kill -0 "$pid" 2>/dev/null || { cat "$err" >&2; echo "$name did not start" >&2; exit 1; }
    sleep 0.25
  done
  echo "$name printed no port within 60 s" >&2
  exit 1
}

# cpu_ticks STAT: user + system CPU ticks used so far, from a /proc stat file (/proc/PID/stat for a
# process, /proc/PID/task/TID/stat for a thread; fields 14 and 15, counted after the command name).
cpu_ticks() {
  awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "$1"
}

# The seeded responses' output: the same text as common.lua's OUTPUT (edits are made against it).
lua_output() {
  printf '%s' "To reset your card PIN, open the app, go to Cards, choose the card and tap Change PIN." \
    " You will get a code by email; enter it, then choose a new four digit PIN." \
    " The new PIN works at once in shops and at cash machines."
}

# seed_body: prints a JSON array of the responses req-0 ... req-999.
seed_body() {
  local output i
  output="$(lua_output)"
  printf '['
  for i in $(seq 0 999); do
    [ "$i" -gt 0 ] && printf ','
    printf '{"request_id":"req-%d","prompt_version":"v1","model":"bench","user_input":"How do I reset my card PIN? (%d)","llm_output":"%s"}' "$i" "$i" "$output"
  done
  printf ']'
}
