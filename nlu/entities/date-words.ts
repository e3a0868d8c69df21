// Weekday, month and small-number words (folded: lower case, no accents) for the date rules.

/** Weekday names and abbreviations → 0 (Sunday) … 6 (Saturday). */
export const WEEKDAYS: Readonly<Record<string, number>> = {
  domingo: 0, lunes: 1, martes: 2, miercoles: 3, jueves: 4, viernes: 5, sabado: 6,
  sunday: 0, monday: 1, tuesday: 2, wednesday: 3, thursday: 4, friday: 5, saturday: 6,
  mon: 1, tue: 2, tues: 2, wed: 3, weds: 3, thu: 4, thur: 4, thurs: 4, fri: 5, sat: 6, sun: 0,
};

/** Month names and abbreviations → 1 … 12. */
export const MONTHS: Readonly<Record<string, number>> = {
  enero: 1, ene: 1, febrero: 2, feb: 2, marzo: 3, mar: 3, abril: 4, abr: 4, mayo: 5, junio: 6, jun: 6,
  julio: 7, jul: 7, agosto: 8, ago: 8, septiembre: 9, setiembre: 9, sep: 9, sept: 9, set: 9, octubre: 10,
  oct: 10, noviembre: 11, nov: 11, diciembre: 12, dic: 12,
  january: 1, jan: 1, february: 2, march: 3, april: 4, apr: 4, may: 5, june: 6, july: 7, august: 8, aug: 8,
  september: 9, october: 10, november: 11, december: 12, dec: 12,
};

/** Small quantities written in words, for "en dos semanas" / "in a couple of days". */
export const SMALL_NUMBERS: Readonly<Record<string, number>> = {
  un: 1, una: 1, uno: 1, a: 1, an: 1, one: 1, dos: 2, two: 2, 'un par de': 2, 'a couple of': 2, 'a couple': 2,
  tres: 3, three: 3, cuatro: 4, four: 4, cinco: 5, five: 5, seis: 6, six: 6, siete: 7, seven: 7, ocho: 8,
  eight: 8, nueve: 9, nine: 9, diez: 10, ten: 10, quince: 15, fifteen: 15, veinte: 20, twenty: 20, treinta: 30,
  thirty: 30,
};

/** A regex alternation of the keys of a table, longest first so "miercoles" beats "mier". */
export function alternation(table: Readonly<Record<string, number>>): string {
  return Object.keys(table)
    .sort((a, b) => b.length - a.length)
    .map((key) => key.replace(/ /g, '\\s+'))
    .join('|');
}
