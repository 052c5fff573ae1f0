/**
 * Text helpers shared by the server and the tab. Dependency-free on purpose (no zod, no luxon):
 * the tab imports this file, and everything it imports lands in the tab's bundle.
 */

/** Lower-case, accents folded (æ→ae, ø→oe, å→aa, é→e), so "Lyngby Taarbaek" finds "Lyngby-Taarbæk". */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'oe')
    .replace(/å/g, 'aa')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** Levenshtein distance: how many letters to add, remove or change to turn `a` into `b` (typos in commands and names). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}

/** Days left in words: "i dag", "i morgen", "om 5 dage", "overskredet med 3 dage". */
export function formatDaysLeft(days: number, lang: 'da' | 'en' = 'da'): string {
  if (lang === 'en') {
    if (days === 0) return 'today';
    if (days === 1) return 'tomorrow';
    if (days > 1) return `in ${days} days`;
    return days === -1 ? 'overdue by 1 day' : `overdue by ${-days} days`;
  }
  if (days === 0) return 'i dag';
  if (days === 1) return 'i morgen';
  if (days > 1) return `om ${days} dage`;
  return days === -1 ? 'overskredet med 1 dag' : `overskredet med ${-days} dage`;
}
