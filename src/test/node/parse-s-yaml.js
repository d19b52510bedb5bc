// Parses an s.yaml with Serverless Devs' own spec parser (@serverless-devs/parse-spec), as `s` does
// before every command: it reads the .env beside the file and resolves ${env()}, ${vars.x} and
// ${config()}. Prints {"ok":true,"steps":[{"projectName","component","props"}]} or {"ok":false,"error"}.
//   node parse-s-yaml.js PATH/s.yaml COMMAND [ARGS...]
'use strict';
const ParseSpec = require('@serverless-devs/parse-spec').default;

const quiet = { debug() {}, info() {}, log() {}, warn() {}, error() {}, write() {} };
(async () => {
  const [file, ...argv] = process.argv.slice(2);
  const parsed = await new ParseSpec(file, { argv, logger: quiet }).start();
  const steps = parsed.steps.map((s) => ({ projectName: s.projectName, component: s.component, props: s.props }));
  process.stdout.write(JSON.stringify({ ok: true, steps }) + '\n');
})().catch((e) => {
  process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message || e) }) + '\n');
});
