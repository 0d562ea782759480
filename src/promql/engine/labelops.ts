// Label-set operations the evaluator needs (Prometheus's labels.Builder
// Keep/Del/Set, signatures for matching and grouping). Label sets stay sorted
// by name; these run per series, never per sample.
import { compareUtf8, METRIC_NAME, type Label, type Labels } from '../../model/labels.js';

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

/** Sets (or with an empty value deletes) one label, keeping the set sorted. */
export function setLabel(ls: Labels, name: string, value: string): Labels {
  const out: Label[] = [];
  let done = false;
  for (const l of ls) {
    if (!done) {
      const c = compareUtf8(l.name, name);
      if (c === 0) {
        done = true;
        if (value !== '') out.push({ name, value });
        continue;
      }
      if (c > 0) {
        done = true;
        if (value !== '') out.push({ name, value });
      }
    }
    out.push(l);
  }
  if (!done && value !== '') out.push({ name, value });
  return out;
}

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

/** True for a valid label name under UTF-8 validation: non-empty, valid UTF-8. */
export function isValidLabelName(name: string): boolean {
  if (name.length === 0) return false;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = name.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}
