// After tsc: make the CLI entry executable (npm links it as the `tiersim` bin), and compile the scenario schema's
// validator once, here (ajv standalone code), rather than on every command that reads a scenario.
import { chmodSync, existsSync, writeFileSync } from "node:fs";

const cli = new URL("../dist/cli/main.js", import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);

const { standaloneValidatorSource } = await import("../dist/model/schemaValidator.js");
writeFileSync(new URL("../dist/model/scenarioValidator.cjs", import.meta.url), standaloneValidatorSource());
