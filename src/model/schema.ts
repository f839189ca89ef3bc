/**
 * JSON Schema of a scenario file as written (durations and rates still strings).
 * `expected` is an annotation read by the loader to say in words what a field takes.
 */

const duration = { anyOf: [{ type: "number", minimum: 0 }, { type: "string", format: "duration" }], expected: "duration" };
// "> 0" is checked on numbers and strings alike (a zero mean or horizon is not a distribution or a run).
const positiveDuration = { anyOf: [{ type: "number", exclusiveMinimum: 0 }, { type: "string", format: "positiveDuration" }], expected: "positiveDuration" };
const rate = { anyOf: [{ type: "number", minimum: 0 }, { type: "string", format: "rate" }], expected: "rate" };
const share = { type: "number", minimum: 0, maximum: 1, expected: "a share between 0 and 1" };
const probability = { type: "number", minimum: 0, maximum: 1, expected: "a probability between 0 and 1" };
const wholeCount = { type: "integer", minimum: 0, expected: "a whole number >= 0" };
const positiveNumber = { type: "number", exclusiveMinimum: 0, expected: "a number > 0" };
const nonNegativeNumber = { type: "number", minimum: 0, expected: "a number >= 0" };
const name = { type: "string", minLength: 1, maxLength: 200, expected: "a non-empty text" };

/**
 * run.limits: what one run may ask of the machine. A scenario over a limit is refused with a message naming the limit;
 * raising it here (or with --set run.limits.<name>=...) runs it deliberately. Defaults: DEFAULT_LIMITS in resolve.ts.
 * The hard maxima keep counts within what the simulator's 32-bit counters and float64 clock can hold.
 */
const limitCount = (max: number) => ({ type: "number", exclusiveMinimum: 0, maximum: max, expected: `a number > 0, at most ${max.toExponential()}` });
const runLimits = {
  type: "object",
  additionalProperties: false,
  properties: {
    replications: limitCount(1e9),
    tickets: limitCount(1e15),
    ticketsPerReplication: limitCount(1e12),
    horizon: positiveDuration,
    agents: limitCount(1e9),
    problems: limitCount(2e9),
    empiricalValues: limitCount(1e9),
    seriesHours: limitCount(1e12),
    ticketRows: limitCount(1e12),
  },
};

const distributionSchema = {
  type: "object",
  expected: "a distribution such as { dist: exp, mean: 6m }",
  required: ["dist"],
  properties: {
    dist: { enum: ["exp", "fixed", "uniform", "triangular", "lognormal", "gamma", "weibull", "empirical"] },
  },
  allOf: [
    { if: { properties: { dist: { const: "exp" } } }, then: { properties: { dist: true, mean: positiveDuration }, required: ["mean"], additionalProperties: false } },
    { if: { properties: { dist: { const: "fixed" } } }, then: { properties: { dist: true, value: duration }, required: ["value"], additionalProperties: false } },
    { if: { properties: { dist: { const: "uniform" } } }, then: { properties: { dist: true, min: duration, max: duration }, required: ["min", "max"], additionalProperties: false } },
    { if: { properties: { dist: { const: "triangular" } } }, then: { properties: { dist: true, min: duration, mode: duration, max: duration }, required: ["min", "mode", "max"], additionalProperties: false } },
    { if: { properties: { dist: { const: "lognormal" } } }, then: { properties: { dist: true, mean: positiveDuration, sd: duration }, required: ["mean", "sd"], additionalProperties: false } },
    { if: { properties: { dist: { const: "gamma" } } }, then: { properties: { dist: true, mean: positiveDuration, cv: positiveNumber }, required: ["mean", "cv"], additionalProperties: false } },
    { if: { properties: { dist: { const: "weibull" } } }, then: { properties: { dist: true, shape: positiveNumber, scale: positiveDuration }, required: ["shape", "scale"], additionalProperties: false } },
    { if: { properties: { dist: { const: "empirical" } } }, then: { properties: { dist: true, values: { type: "array", minItems: 1, items: duration, expected: "a non-empty list of durations" } }, required: ["values"], additionalProperties: false } },
  ],
};

// Referenced, not inlined: compiled once, which keeps the CLI's start-up fast.
const distribution = { $ref: "#/$defs/distribution" };

const perTier = (item: object) => ({
  type: "object",
  properties: { L1: item, L2: item, L3: item },
  additionalProperties: false,
  expected: "a map with keys L1, L2, L3",
});

const shift = {
  type: "object",
  required: ["days", "start", "end", "agents"],
  additionalProperties: false,
  properties: {
    name,
    days: { anyOf: [{ type: "string", format: "days" }, { type: "array", items: { type: "string" }, minItems: 1 }], expected: 'days such as "Mon-Fri", "Sat,Sun" or "daily"' },
    start: { type: "string", format: "clock", expected: 'a time of day "HH:MM"' },
    end: { type: "string", format: "clock", expected: 'a time of day "HH:MM" (before start: the shift ends the next day)' },
    agents: wholeCount,
  },
};

const staffingProperties = {
  agents: wholeCount,
  schedule: { type: "array", items: shift, maxItems: 1000, expected: "a list of shifts" },
  shrinkage: { type: "number", minimum: 0, exclusiveMaximum: 1, expected: "a share of time lost, from 0 up to (not including) 1" },
  costPerHour: nonNegativeNumber,
};

const tier = {
  type: "object",
  additionalProperties: false,
  properties: { ...staffingProperties, handoffTime: distribution },
};

const category = {
  type: "object",
  required: ["share", "level"],
  additionalProperties: false,
  properties: {
    share,
    level: perTier(share),
    priority: { type: "object", additionalProperties: share, expected: "a map of priority name to share" },
    handleTime: perTier(distribution),
    problems: {
      type: "object",
      additionalProperties: false,
      properties: {
        count: { type: "integer", minimum: 1, maximum: 2_000_000_000, expected: "a whole number >= 1 (problem ids are 32-bit)" },
        zipf: nonNegativeNumber,
      },
    },
  },
};

export const scenarioSchema = {
  $defs: { distribution: distributionSchema },
  type: "object",
  required: ["name", "arrivals", "categories"],
  additionalProperties: false,
  properties: {
    extends: { type: "string", expected: "the path of a scenario file, relative to this one" },
    name,
    description: { type: "string" },
    seed: { type: "integer", minimum: 0, maximum: 2 ** 52, expected: "a whole number >= 0" },
    structure: { enum: ["tiered", "flat"] },
    run: {
      type: "object",
      additionalProperties: false,
      properties: {
        horizon: positiveDuration,
        warmup: duration,
        replications: { type: "integer", minimum: 2, expected: "a whole number >= 2 (intervals need two replications)" },
        start: { type: "string", format: "weektime", expected: 'a point of the week such as "Mon 00:00"' },
        serviceLevelTarget: duration,
        limits: runLimits,
      },
    },
    arrivals: {
      type: "object",
      required: ["rate"],
      additionalProperties: false,
      properties: {
        rate,
        hourOfDay: { type: "array", items: nonNegativeNumber, minItems: 24, maxItems: 24, expected: "24 multipliers >= 0, midnight first" },
        dayOfWeek: { type: "array", items: nonNegativeNumber, minItems: 7, maxItems: 7, expected: "7 multipliers >= 0, Monday first" },
      },
    },
    backlog: perTier(wholeCount),
    priorities: {
      type: "object",
      minProperties: 1,
      maxProperties: 20,
      additionalProperties: {
        type: "object",
        required: ["share"],
        additionalProperties: false,
        properties: { share, sla: positiveDuration },
      },
    },
    channels: {
      type: "object",
      minProperties: 1,
      maxProperties: 20,
      additionalProperties: {
        type: "object",
        required: ["share"],
        additionalProperties: false,
        properties: { share, patience: distribution },
      },
    },
    categories: { type: "object", minProperties: 1, maxProperties: 1000, additionalProperties: category },
    handleTime: perTier(distribution),
    tiers: {
      type: "object",
      additionalProperties: false,
      required: ["L1"],
      properties: { L1: tier, L2: tier, L3: tier },
    },
    reopen: {
      type: "object",
      additionalProperties: false,
      properties: { rate: probability, delay: distribution },
    },
    wrongEscalation: {
      type: "object",
      additionalProperties: false,
      properties: { rate: probability, reviewTime: distribution },
    },
    knowledge: {
      type: "object",
      additionalProperties: false,
      properties: {
        enabled: { type: "boolean", expected: "true or false" },
        documentRate: probability,
        documentDelay: duration,
        l1Success: probability,
        l1HandleFactor: positiveNumber,
        rootCauseFixRate: probability,
        fixDelay: duration,
        halfLife: positiveDuration,
        novelty: share,
      },
    },
    flat: {
      type: "object",
      additionalProperties: false,
      properties: { ...staffingProperties, skillFactor: perTier(positiveNumber) },
    },
  },
} as const;
