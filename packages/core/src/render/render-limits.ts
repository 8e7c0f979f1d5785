/**
 * How much of a record each form of message shows, in characters unless said otherwise: budgets that
 * keep every part visible and a text within Chat's 4,096 characters (a card within its 32 KB).
 */
export const RENDER_LIMITS = {
  /** Fields shown in a full report, whatever the form. */
  fields: 12,
  text: {
    header: 300,
    message: 1200,
    /** All field lines of a full report together. */
    fieldLines: 700,
    fieldValue: 200,
    causeMessage: 300,
    stackLines: 30,
    /** One record on one line. */
    line: 1000,
    /** The minimal form sent once after a 400. */
    minimal: 1000,
  },
  /** The parts of a cause's line in a digest. */
  cause: {
    message: 120,
    error: 160,
    place: 100,
  },
  card: {
    message: 2000,
    fieldValue: 500,
    stackLines: 40,
    /** One line of the stack, before escaping. */
    stackLine: 300,
    /** The stack's HTML in all. */
    stack: 8000,
    /** Records listed under the first. */
    entries: 60,
    fallback: 300,
  },
} as const;
