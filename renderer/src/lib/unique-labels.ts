/**
 * Accessible names that tell alike items apart: each id's label as given, and where several
 * labels are the same, each numbered in order ("… (2 of 3)"), so a screen reader user can still
 * pick one from the list by name.
 */
export function numberAlikeLabels(base: ReadonlyMap<string, string>): Map<string, string> {
  const total = new Map<string, number>();
  for (const label of base.values()) total.set(label, (total.get(label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const labels = new Map<string, string>();
  for (const [id, label] of base) {
    const count = total.get(label) ?? 1;
    const index = (seen.get(label) ?? 0) + 1;
    seen.set(label, index);
    labels.set(id, count > 1 ? `${label} (${index} of ${count})` : label);
  }
  return labels;
}
