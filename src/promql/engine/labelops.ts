// Label-set operations the evaluator needs (Prometheus's labels.Builder
// Keep/Del/Set, signatures for matching and grouping). Label sets stay sorted
// by name; these run per series, never per sample.
import { METRIC_NAME, type Labels } from '../../model/labels.js';

/** Labels that describe the metric rather than the series (schema.IsMetadataLabel). */
export function isMetadataLabel(name: string): boolean {
  return name === METRIC_NAME || name === '__type__' || name === '__unit__';
}

/** Drops __name__, __type__ and __unit__ (Labels.DropReserved(IsMetadataLabel)). */
export function dropMetadata(ls: Labels): Labels {
  let has = false;
  for (const l of ls) if (isMetadataLabel(l.name)) { has = true; break; }
  return has ? ls.filter((l) => !isMetadataLabel(l.name)) : ls;
}

export function keepLabels(ls: Labels, names: readonly string[]): Labels {
  return ls.filter((l) => names.includes(l.name));
}

export function delLabels(ls: Labels, names: readonly string[]): Labels {
  let has = false;
  for (const l of ls) if (names.includes(l.name)) { has = true; break; }
  return has ? ls.filter((l) => !names.includes(l.name)) : ls;
}

// labels.Builder.Set and label-name validation live with the label kernels.
export { isValidLabelName, setLabel } from '../functions/index.js';

/** Key of the labels named in `names` (on(...), by(...)); absent labels are skipped. */
export function keyWith(ls: Labels, names: readonly string[]): string {
  let s = '';
  for (const l of ls) if (names.includes(l.name)) s += l.name + '\xff' + l.value + '\xff';
  return s;
}

/** Key of all labels except `names` and __name__ (ignoring(...), without(...)). */
export function keyWithout(ls: Labels, names: readonly string[]): string {
  let s = '';
  for (const l of ls) {
    if (l.name === METRIC_NAME || names.includes(l.name)) continue;
    s += l.name + '\xff' + l.value + '\xff';
  }
  return s;
}

/** Labels.MatchLabels: the on(...) subset, or everything but the ignored labels and __name__. */
export function matchLabels(ls: Labels, on: boolean, names: readonly string[]): Labels {
  if (on) return keepLabels(ls, names);
  return ls.filter((l) => l.name !== METRIC_NAME && !names.includes(l.name));
}
