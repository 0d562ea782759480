// Calendar fields of a Unix time in seconds, as Prometheus's date functions
// compute them: time.Unix(int64(v), 0).UTC() and Go's calendar. int64(v) is
// amd64's conversion (truncation; NaN, ±Inf and out-of-range values become
// math.MinInt64), and for the far-out instants that produces, Go's uint64
// calendar arithmetic (Go ≥ 1.23, which Prometheus 3.x is built with) wraps;
// that path is emulated with BigInt. Everyday values take a plain-number path.

export type DateField = 'year' | 'month' | 'day_of_month' | 'day_of_year' | 'day_of_week' | 'hour' | 'minute' | 'days_in_month';

const SECONDS_PER_DAY = 86400;
// Beyond this the plain path's day arithmetic could lose precision; everything
// inside it is far from any int64 wrap, so both paths agree there.
const FAST_LIMIT = 1e15;

/** Days since 1970-01-01 → civil date (proleptic Gregorian; H. Hinnant's days_from_civil inverse). */
function civil(days: number, field: DateField): number {
  const z = days + 719468; // days since 0000-03-01
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097; // [0, 146096]
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365); // [0, 399]
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100)); // [0, 365], from March 1
  const mp = Math.floor((5 * doy + 2) / 153); // [0, 11], March = 0
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  switch (field) {
    case 'year':
      return year;
    case 'month':
      return month;
    case 'day_of_month':
      return doy - Math.floor((153 * mp + 2) / 5) + 1;
    case 'day_of_year': {
      const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
      // doy counts from March 1; January and February belong to the next year's count.
      return month >= 3 ? doy + 60 + leap : doy - 305;
    }
    default: {
      // days_in_month
      if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
      return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
    }
  }
}

function fastField(sec: number, field: DateField): number {
  const secOfDay = ((sec % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  const days = (sec - secOfDay) / SECONDS_PER_DAY;
  switch (field) {
    case 'hour':
      return Math.floor(secOfDay / 3600);
    case 'minute':
      return Math.floor((secOfDay % 3600) / 60);
    case 'day_of_week':
      return (((days + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    default:
      return civil(days, field);
  }
}

// ---- Go's int64/uint64 calendar arithmetic, for the wrapped cases ----

const U64 = (1n << 64n) - 1n;
const U32 = (1n << 32n) - 1n;
const u64 = (x: bigint): bigint => x & U64;
const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const MIN_INT64 = -(1n << 63n);

const ABSOLUTE_YEARS = 292277022400n; // March 1 of this many years before year 0 is Go's absolute epoch
const MARCH_THRU_DECEMBER = 306n;
const SPD = 86400n;
const UNIX_TO_INTERNAL = (1969n * 365n + 1969n / 4n - 1969n / 100n + 1969n / 400n) * SPD;
const ABSOLUTE_TO_INTERNAL = -((ABSOLUTE_YEARS / 400n) * 146097n + MARCH_THRU_DECEMBER) * SPD;
const UNIX_TO_ABSOLUTE = UNIX_TO_INTERNAL - ABSOLUTE_TO_INTERNAL;
const ABSOLUTE_TO_UNIX = -UNIX_TO_ABSOLUTE;

interface AbsDate {
  century: bigint;
  cyear: bigint;
  ayday: bigint;
}

/** Go's absDays.split: century, year in century, day of the March-based year. */
function split(days: bigint): AbsDate {
  const d = u64(4n * days + 3n);
  const century = d / 146097n;
  const cd = (d % 146097n) | 3n; // fits uint32
  const prod = 2939745n * cd; // bits.Mul32
  const cyear = prod >> 32n;
  const ayday = (prod & U32) / 2939745n / 4n;
  return { century, cyear, ayday };
}

/** Go's absYday.split → (absolute month, 1-based day). */
function splitYday(ayday: bigint): [bigint, bigint] {
  const d = (2141n * ayday + 197913n) & U32;
  return [d >> 16n, 1n + (d & 0xffffn) / 2141n];
}

function goYear(a: AbsDate, janFeb: bigint): bigint {
  return i64(i64(u64(a.century * 100n) - ABSOLUTE_YEARS) + a.cyear + janFeb);
}

/** Go's dateToAbsDays(year, month, day), with its unsigned wrap-around. */
function dateToAbsDays(year: bigint, month: bigint, day: bigint): bigint {
  let amonth = month;
  const janFeb = amonth < 3n ? 1n : 0n;
  amonth += 12n * janFeb;
  const y = u64(u64(year) - janFeb + ABSOLUTE_YEARS);
  const ayday = ((979n * amonth - 2919n) & U32) >> 5n;
  const century = y / 100n;
  const cyear = y % 100n;
  const cday = (1461n * cyear) / 4n;
  const centurydays = u64(146097n * century) / 4n;
  return u64(centurydays + u64(i64(cday + ayday) + day - 1n));
}

function wrappedField(sec: bigint, field: DateField): number {
  const abs = u64(sec + UNIX_TO_ABSOLUTE);
  switch (field) {
    case 'hour':
      return Number((abs % SPD) / 3600n);
    case 'minute':
      return Number((abs % 3600n) / 60n);
    case 'day_of_week':
      return Number((abs / SPD + 3n) % 7n); // March 1 of the absolute year was a Wednesday
  }
  const a = split(abs / SPD);
  const janFeb = a.ayday >= MARCH_THRU_DECEMBER ? 1n : 0n;
  const [amonth, mday] = splitYday(a.ayday);
  const year = goYear(a, janFeb);
  const month = amonth - janFeb * 12n;
  switch (field) {
    case 'year':
      return Number(year);
    case 'month':
      return Number(month);
    case 'day_of_month':
      return Number(mday);
    case 'day_of_year': {
      const leap = a.cyear % 4n === 0n && (a.cyear !== 0n || a.century % 4n === 0n) ? 1n : 0n;
      return Number(a.ayday + 60n + (leap & ~janFeb & 1n) - 365n * janFeb);
    }
    default: {
      // days_in_month: 32 - time.Date(year, month, 32, 0, 0, 0, 0, UTC).Day()
      const unix = i64(i64(dateToAbsDays(year, month, 32n)) * SPD + ABSOLUTE_TO_UNIX);
      const abs2 = u64(unix + UNIX_TO_ABSOLUTE);
      const [, day] = splitYday(split(abs2 / SPD).ayday);
      return Number(32n - day);
    }
  }
}

const TWO63 = 9223372036854775808;

// Fields of MinInt64 seconds, where every NaN, ±Inf and out-of-range value lands.
let minInt64Fields: Map<DateField, number> | null = null;

/** The date field of time.Unix(int64(v), 0).UTC() for a value v in seconds. */
export function dateField(v: number, field: DateField): number {
  if (v > -FAST_LIMIT && v < FAST_LIMIT) return fastField(Math.trunc(v), field);
  if (v !== v || v >= TWO63 || v < -TWO63) {
    // amd64 CVTTSD2SQ: NaN and anything outside int64 become the "integer indefinite" MinInt64.
    minInt64Fields ??= new Map();
    let r = minInt64Fields.get(field);
    if (r === undefined) {
      r = wrappedField(MIN_INT64, field);
      minInt64Fields.set(field, r);
    }
    return r;
  }
  return wrappedField(BigInt(Math.trunc(v)), field);
}

/** Exported for tests: the wrapped (BigInt) path for any int64 seconds value. */
export function dateFieldInt64(sec: bigint, field: DateField): number {
  return wrappedField(i64(sec), field);
}
