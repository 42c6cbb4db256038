// Type-checked (never run) by test/types.test.mjs with `tsc --noEmit`: how a
// TypeScript user calls the package. It fails the test when a declaration in
// js/*.d.ts or pkg/*.d.ts is broken, or when a documented call no longer
// type-checks; the @ts-expect-error lines must stay errors.
import init, {
  InputError,
  OptionsError,
  RapportError as RapportErrorClass,
  Scorer,
  defaultInstrument,
  initSync,
  parseInstrument,
  reportScorecard,
  score,
  scoreColumns,
  surveyForm,
  validateResponses,
  version,
} from "../../js/index.js";
import type {
  ColumnarResponses,
  ErrorCategory,
  ErrorCode,
  IngestSummary,
  InstrumentSpec,
  RapportError,
  Report,
  Response,
  Scorecard,
  ScorecardCharts,
  SurveyForm,
  Table,
  TableColumn,
  TableName,
} from "../../js/index.js";
import initLite, * as lite from "../../js/lite.js";
import { RapportScorecard, RapportSurvey, init as initElements } from "../../js/elements.js";

export async function usage(bytes: Uint8Array, fetched: globalThis.Response): Promise<number> {
  await init();
  await init(fetched);
  await initLite(new URL("https://example.org/rapport_lite_bg.wasm"));
  await initElements();
  initSync(bytes);
  const v: string = version();

  const inst: InstrumentSpec = defaultInstrument();
  const same: InstrumentSpec = parseInstrument(JSON.stringify(inst));
  const form: SurveyForm = surveyForm("business", same);
  const liteForm: SurveyForm = lite.surveyForm("it", undefined);
  const which: "lite" | "full" | null = lite.module();

  const response: Response = {
    respondent: "r1",
    side: "it",
    wave: "2026-03",
    segments: { department: "Finance" },
    answers: { trust_1: 4, trust_2: "na", trust_3: null, meeting_cadence: "monthly" },
  };
  const intake: IngestSummary = validateResponses([response], { lenient: true, file: "upload.json" });
  const checked: IngestSummary = lite.validateResponses("respondent,side,wave\n", { format: "csv" });

  const report: Report = score([response], { min_group_size: 5 }, undefined);
  const columns: ColumnarResponses = {
    columns: ["trust_1"],
    values: new Float64Array([4]),
    side: ["it"],
    wave: { codes: new Int32Array([0]), labels: ["2026-03"] },
  };
  const bulk: Report = scoreColumns(columns, undefined, undefined);

  const scorer = new Scorer({ min_group_size: 5 }, { instrument: inst });
  scorer.add(response);
  scorer.addMany("respondent,side,wave\n", { format: "csv" });
  const card: { report: Report; html: string; charts: ScorecardCharts } = scorer.scorecard("card-1");
  const finished: Scorecard = reportScorecard(card.report);
  void finished.html;
  const n: number = scorer.respondents;
  const tables: Table[] = scorer.tables();
  const which_table: TableName = "dimensions";
  const dims: Table = scorer.table(which_table);
  const first: TableColumn | undefined = dims.columns[0];
  if (first?.type === "float") {
    const values: (number | null)[] = first.values;
    void values;
  }
  scorer.free();

  try {
    score("[]", undefined, undefined);
  } catch (e) {
    const err = e as RapportError;
    const code: ErrorCode = err.code;
    const category: ErrorCategory = err.category;
    const where: [string | undefined, number | undefined] = [err.file, err.row];
    void [code, category, where];
    if (e instanceof InputError) {
      const row: number | undefined = e.row;
      const input: "input" | "io" = e.category;
      void [row, input];
    } else if (e instanceof OptionsError || e instanceof lite.OptionsError) {
      const options: "options" = e.category;
      void options;
    } else if (e instanceof RapportErrorClass) {
      const name: string = e.name;
      void name;
    }
  }
  const made = new RapportErrorClass("x", { code: "invalid_option", category: "options" });
  void made;

  const survey = document.createElement("rapport-survey");
  const typed: RapportSurvey = survey;
  typed.segments = { department: "Finance" };
  survey.addEventListener("rapport-submit", (e) => {
    const submitted: Response = e.detail;
    void submitted;
  });
  const scorecard: RapportScorecard = document.createElement("rapport-scorecard");
  scorecard.options = { min_group_size: 3 };
  await scorecard.addResponse(response);

  // @ts-expect-error: a side is "it" or "business"
  surveyForm("vendor", undefined);
  // @ts-expect-error: options are the report's snake_case keys
  score([response], { minGroupSize: 5 }, undefined);
  // @ts-expect-error: tables have names from a fixed list
  new Scorer(undefined, undefined).table("groups");

  void [v, form, liteForm, which, intake, checked, report, bulk, card, tables];
  return n + (report.waves?.length ?? 0);
}
