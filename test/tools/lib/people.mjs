/**
 * Fake people: Chinese names, resident ID numbers (GB 11643-1999 with a valid
 * mod-11 check character) and mobile numbers. Every value is made up from a
 * seeded PRNG; none belongs to a real person.
 */

// Common surnames in the Rongchang / western Chongqing area, roughly weighted.
const SURNAMES = [
  ['刘', 9], ['陈', 9], ['李', 8], ['张', 8], ['王', 6], ['罗', 6], ['黄', 5], ['杨', 5],
  ['周', 5], ['唐', 5], ['曾', 4], ['何', 4], ['邓', 4], ['吴', 4], ['蒋', 3], ['谢', 3],
  ['赵', 3], ['徐', 3], ['胡', 3], ['廖', 3], ['钟', 2], ['彭', 2], ['郭', 2], ['夏', 2],
  ['舒', 2], ['喻', 2], ['冯', 2], ['魏', 2], ['付', 2], ['蒲', 1], ['龚', 1], ['甘', 1],
  ['肖', 2], ['田', 1], ['代', 1], ['况', 1], ['敖', 1], ['游', 1], ['汪', 1], ['雷', 1],
];

const MALE = '建国明华军平勇强志伟成德文武福贵光荣兴盛海林江川云祥富全中国华永学良庆春才发顺洪斌涛利忠世友'.split('');
const FEMALE = '秀英兰芳桂淑琼凤珍玉梅霞群琴丽萍红燕慧敏莉素华容碧蓉书芬会翠娟清'.split('');

/** A fake full name, e.g. 刘建华 or 陈芳. */
export function personName(rng, female = rng.chance(0.3)) {
  const pool = female ? FEMALE : MALE;
  const surname = rng.weighted(SURNAMES);
  const given = rng.chance(0.8) ? rng.pick(pool) + rng.pick(pool) : rng.pick(pool);
  return surname + given;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/** The GB 11643 check character for the first 17 digits. */
export function idCheckChar(first17) {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i];
  return CHECK[sum % 11];
}

export function isValidResidentId(id) {
  return /^\d{17}[\dX]$/.test(id) && idCheckChar(id.slice(0, 17)) === id[17];
}

function pad(n, w) {
  return String(n).padStart(w, '0');
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * A fake 18-character resident ID. Area 500153 is 荣昌区; older cards still
 * carry 500226 (荣昌县, before the county became a district in 2015).
 */
export function residentId(rng, { birthYearMin = 1936, birthYearMax = 1996, female = false, area } = {}) {
  const region = area ?? (rng.chance(0.7) ? '500153' : '500226');
  const y = rng.int(birthYearMin, birthYearMax);
  const m = rng.int(1, 12);
  let d = rng.int(1, DAYS[m - 1]);
  if (m === 2 && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) d = 28;
  // The sequence's last digit is odd for men, even for women.
  const seq = rng.int(0, 49) * 20 + rng.int(0, 4) * 2 + (female ? 0 : 1);
  const first17 = region + y + pad(m, 2) + pad(d, 2) + pad(seq % 1000, 3);
  return first17 + idCheckChar(first17);
}

/** A disability certificate number: the resident ID plus category and grade (20 characters). */
export function disabilityCertNumber(rng, opts) {
  return residentId(rng, opts) + rng.int(1, 7) + rng.int(1, 4);
}

const PHONE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '173', '177', '180', '181', '182', '183', '187', '188', '189', '191', '199'];

/** A fake 11-digit mobile number. */
export function mobile(rng) {
  return rng.pick(PHONE_PREFIXES) + pad(rng.int(0, 99999999), 8);
}
