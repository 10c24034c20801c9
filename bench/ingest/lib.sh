# Sourced by run.sh and threads.sh: the 1,000 responses the Lua scripts send feedback for.

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
