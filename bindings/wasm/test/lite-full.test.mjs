// rapport-wasm/lite on a page that also loads the full API: init() uses the
// full module (one download, not two) and the functions still answer.
import { test } from "node:test";
import assert from "node:assert/strict";
import initFull, { surveyForm as fullSurveyForm } from "../js/index.js";
import init, { module, surveyForm } from "../js/lite.js";

test("with the full API loaded, lite forwards to the full module", async () => {
  assert.equal(module(), null);
  await init();
  assert.equal(module(), "full");
  await initFull();
  assert.deepStrictEqual(surveyForm("business"), fullSurveyForm("business"));
});
