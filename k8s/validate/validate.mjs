// Validates every object of rendered manifests (`kubectl kustomize … | node validate.mjs -`, or file arguments)
// against the JSON schemas of Kubernetes (kubernetes-models), KEDA and Strimzi: types, required fields, enums and
// formats, offline. An object of a kind with no known schema is an error, so nothing passes unvalidated.
// Built-in kinds are also checked strictly, as the API server's default field validation does: a field the kind does
// not have (a typo such as `readinessProbee`, which the JSON schemas let through) is an error. The known fields come
// from the typed models of the official JavaScript client: a field its round trip drops is unknown.
import fs from "node:fs";
import yaml from "js-yaml";
import * as models from "@kubernetes/client-node/dist/gen/models/ObjectSerializer.js";

const { ObjectSerializer } = models;

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

/** The client's model of a built-in kind ("apps/v1" Deployment → V1Deployment), or null for custom resources. */
function typedModel(apiVersion, kind) {
  const slash = apiVersion.indexOf("/");
  if (slash >= 0 && CRD_PACKAGES[apiVersion.slice(0, slash)]) return null;
  const version = apiVersion.slice(slash + 1);
  const type = version.charAt(0).toUpperCase() + version.slice(1) + kind;
  // The serializer passes a type it has no model of through unchanged: only a modelled type is a strict check.
  return type in models ? type : undefined;
}

/** The paths of fields in `original` that `roundTripped` lost. */
function unknownFields(original, roundTripped, path = "") {
  const lost = [];
  if (Array.isArray(original)) {
    original.forEach((item, i) => lost.push(...unknownFields(item, roundTripped?.[i], `${path}[${i}]`)));
  } else if (original !== null && typeof original === "object") {
    for (const [key, value] of Object.entries(original)) {
      const at = path ? `${path}.${key}` : key;
      if (roundTripped == null || !(key in roundTripped)) lost.push(at);
      else lost.push(...unknownFields(value, roundTripped[key], at));
    }
  }
  return lost;
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
    } catch (e) {
      console.error(`FAIL ${name}: ${e.message}`);
      failures++;
      continue;
    }
    const type = typedModel(object.apiVersion, object.kind);
    if (type === undefined) {
      console.error(`FAIL ${name}: no typed model known for this built-in kind`);
      failures++;
      continue;
    }
    if (type !== null) {
      const lost = unknownFields(object, ObjectSerializer.serialize(ObjectSerializer.deserialize(object, type), type));
      if (lost.length > 0) {
        console.error(`FAIL ${name}: unknown field(s) ${lost.join(", ")}`);
        failures++;
        continue;
      }
    }
    validated++;
  }
}
console.log(`${validated} objects valid, ${failures} invalid`);
process.exit(failures === 0 ? 0 : 1);
