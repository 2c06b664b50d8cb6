/** A desa's or a region's measures in a report, as the API returns them: `received`
 * complaints (a number, or "< 5" when suppressed), answered in `median` days (p90 the same). */
export function reportMeasures(received: number | string, median: number | null) {
  const days = { median, p90: median };
  return {
    received, answered: 0, closed: 0, rejected: 0, reopened: 0, within_sla: 0,
    answered_share: null, within_sla_share: null, within_7_days_share: null, reopened_share: null,
    answer_days: days, response_days: days,
    rating: { count: 0, mean: null, distribution: [0, 0, 0, 0, 0], rated_share: null },
  };
}
