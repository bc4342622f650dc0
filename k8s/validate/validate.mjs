// Validates every object of rendered manifests (`kubectl kustomize … | node validate.mjs -`, or file arguments)
// against the JSON schemas of Kubernetes (kubernetes-models), KEDA and Strimzi: types, required fields, enums and
// formats, offline. An object of a kind with no known schema is an error, so nothing passes unvalidated.
import fs from "node:fs";
import yaml from "js-yaml";

const CRD_PACKAGES = {
  "keda.sh": "@kubernetes-models/keda",
  "kafka.strimzi.io": "@kubernetes-models/strimzi-kafka-operator",
};

function modulePath(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  const group = slash < 0 ? "" : apiVersion.slice(0, slash);
  if (group && CRD_PACKAGES[group]) {
    return `${CRD_PACKAGES[group]}/${apiVersion}/${kind}`;
  }
  return `kubernetes-models/${apiVersion}/${kind}`;
}

const inputs = process.argv.slice(2);
if (inputs.length === 0) {
  console.error("usage: node validate.mjs <manifests.yaml | -> …");
  process.exit(2);
}
let failures = 0;
let validated = 0;
for (const input of inputs) {
  const text = fs.readFileSync(input === "-" ? 0 : input, "utf8");
  for (const object of yaml.loadAll(text)) {
    if (object == null) continue;
    const name = `${object.kind}/${object.metadata?.name} (${object.apiVersion})`;
    if (object.kind === "Secret" && object.data) {
      // kustomize wraps long base64 values over lines; the API server's decoder skips the line breaks.
      for (const key of Object.keys(object.data)) object.data[key] = String(object.data[key]).replace(/\s+/g, "");
    }
    let Model;
    try {
      const module = await import(modulePath(object.apiVersion, object.kind));
      Model = module[object.kind];
    } catch (e) {
      console.error(`FAIL ${name}: no schema known for this kind`);
      failures++;
      continue;
    }
    try {
      new Model(object).validate();
      validated++;
    } catch (e) {
      console.error(`FAIL ${name}: ${e.message}`);
      failures++;
    }
  }
}
console.log(`${validated} objects valid, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);
