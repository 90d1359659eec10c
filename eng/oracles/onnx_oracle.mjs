// Scores the exported ONNX files in tests/fixtures/onnx with a second ONNX implementation, onnxruntime-node, and
// writes tests/fixtures/onnx/oracle.json (checked in; OnnxOracleTests compares it with MLOps.Runtime's scores).
//
//   MLOPS_WRITE_ONNX_CASES=$PWD/tests/fixtures/onnx dotnet test tests/MLOps.MLNet.Tests -c Release --filter Write_the_ML_NET_oracle_models
//   MLOPS_WRITE_ONNX_CASES=$PWD/tests/fixtures/onnx dotnet test tests/MLOps.Engine.Tests -c Release --filter Write_the_oracle_cases
//   (cd /tmp/ort && npm install onnxruntime-node@1.30.0 --ignore-scripts)   # its linux-x64 binary is in the package; no install script needed
//   NODE_PATH=/tmp/ort/node_modules node eng/oracles/onnx_oracle.mjs
import { createRequire } from "node:module";
import { readFileSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const require = createRequire(join(process.env.NODE_PATH ?? ".", "onnxruntime-node", "package.json"));
const ort = require("onnxruntime-node");
const version = require("onnxruntime-node/package.json").version;
const folder = "tests/fixtures/onnx";

const cases = {};
for (const file of readdirSync(folder).filter(f => f.endsWith(".rows.json")).sort()) {
  const kind = file.replace(".rows.json", "");
  const rows = JSON.parse(readFileSync(join(folder, file), "utf8"));
  const session = await ort.InferenceSession.create(readFileSync(join(folder, `${kind}.onnx`)));
  const feeds = {};
  let count = 0;
  for (const [name, input] of Object.entries(rows.inputs)) {
    count = input.values.length;
    feeds[name] = input.type === "string"
      ? new ort.Tensor("string", input.values, [count, 1])
      : new ort.Tensor("float64", Float64Array.from(input.values, v => (v === null ? NaN : v)), [count, 1]);
  }
  const result = await session.run(feeds);
  const scores = Array.from(result[rows.output].data);
  let worst = 0;
  scores.forEach((s, i) => { worst = Math.max(worst, Math.abs(s - rows.runtime[i])); });
  cases[kind] = { rows: count, output: rows.output, dims: result[rows.output].dims, maxAbsDifferenceFromRuntime: worst, scores };
  console.log(`${kind}: ${count} rows, max |onnxruntime-node - MLOps.Runtime| = ${worst}`);
}
writeFileSync(join(folder, "oracle.json"), JSON.stringify({ implementation: `onnxruntime-node ${version}`, cases }) + "\n");
