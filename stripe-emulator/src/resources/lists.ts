import { expandParam, integer, string } from "../http/params.js";

/** Stripe's list pagination parameters. */
export const listParams = {
  limit: integer({ min: 1, max: 100 }),
  starting_after: string(),
  ending_before: string(),
  ...expandParam,
};
