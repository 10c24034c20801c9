#!/usr/bin/env bash
# The full demo world (feedloop simulate defaults = the files `feedloop demo --out DIR` keeps) imported,
# and sent through each SDK to a fresh server; then the three databases compared. Run from an empty folder
# after building the jar (./feedloop --version) and the TypeScript SDK (cd clients/typescript && npm ci && npm run build).
set -e
J=$(cd "$(dirname "$0")/../.." && pwd)/feedloop-server/target/feedloop-server.jar
export FEEDLOOP_PSEUDONYM_SECRET=sdk-test-pseudonym-secret-0123456789 FEEDLOOP_TRIAGE_EVERY=PT0S FEEDLOOP_VERIFY_EVERY=PT0S FEEDLOOP_ROUTE_EVERY=PT0S FEEDLOOP_LOG_LEVEL=WARN
java -jar $J simulate --out w > /dev/null
wc -l w/*.jsonl
/usr/bin/time -f "import %e s" java -jar $J import --project wayfarer-assistant --db a.db w/responses.jsonl w/feedback.jsonl
for sdk in py ts; do
  K=$(java -jar $J keys create --scope ingest --project wayfarer-assistant --db $sdk.db 2>/dev/null)
  java -Xmx1g -jar $J serve --db $sdk.db --port 0 > $sdk.out 2>&1 & echo $! > $sdk.pid
  for i in $(seq 1 100); do grep -q serving $sdk.out && break; sleep 0.2; done
  U=$(grep -o 'http://[0-9.:]*' $sdk.out)
  if [ $sdk = py ]; then FEEDLOOP_API_KEY=$K python3 $(dirname "$J")/../../bench/sdk/send_demo_world.py --url $U w/responses.jsonl w/feedback.jsonl; 
  else FEEDLOOP_API_KEY=$K node $(dirname "$J")/../../bench/sdk/send-demo-world.mjs --url $U w/responses.jsonl w/feedback.jsonl; fi
  kill $(cat $sdk.pid); while kill -0 $(cat $sdk.pid) 2>/dev/null; do sleep 0.2; done
done
python3 - <<'PY'
import sqlite3, json
R="project, request_id, ts, prompt_version, model, user_input, llm_output, retrieved_context, doc_count, max_retrieval_score, session_id, user_id, tags, reasked"
F="project, event_id, request_id, ts, implicit_signal, explicit_rating, thumbs, edited_output, edit_magnitude, figures_edited, comment"
def rows(db, t, cols):
    n=cols.split(", ")
    c=sqlite3.connect(db)
    return [tuple(json.loads(v) if k in ("tags","retrieved_context") and v is not None else v for k,v in zip(n,r)) for r in c.execute(f"SELECT {cols} FROM {t} ORDER BY 1,2")]
for t,c in (("responses",R),("feedback",F)):
    a=rows("a.db",t,c)
    for s in ("py","ts"):
        b=rows(s+".db",t,c)
        print(t, s, "rows", len(a), len(b), "identical" if a==b else "DIFFERENT")
PY
