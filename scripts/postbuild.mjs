// After tsc: make the CLI entry executable (npm links it as the `tiersim` bin), and resolve the scenario that worker
// threads warm up on (src/experiment/worker.ts), so that a worker need not load the scenario compiler.
import { chmodSync, existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const cli = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);

const { loadScenario } = await import("../dist/model/load.js");
const scenario = await loadScenario(fileURLToPath(new URL("../scenarios/kcs.yaml", import.meta.url)), ["run.horizon=4w"]);
delete scenario.source; // a path on the building machine
writeFileSync(new URL("../dist/experiment/warmUp.json", import.meta.url), JSON.stringify(scenario));
