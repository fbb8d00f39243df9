import { readCron, type CronRead } from './cron.js';

// What Prow's checkconfig accepts (robfig/cron v3, SecondOptional | Minute | Hour | Dom | Month |
// Dow | Descriptor) loads, read as Prow's horologium runs it; what it refuses is refused.

const ok = (cron: string): CronRead => {
  const r = readCron(cron);
  if ('error' in r) throw new Error(`${cron}: ${r.error}`);
  return r;
};

describe('readCron: accepted as Prow accepts', () => {
  it.each([
    ['0 3 * * *', '0 0 3 * * *'],
    ['0 22, 10 * * *', '0 22 10 * * *'],
    ['*/15 9-17 * * mon-FRI', '0 */15 9-17 * * mon-FRI'],
    ['0 0 1 jan,Jul ?', '0 0 0 1 jan,Jul ?'],
    ['30 0 0 * * 6', '30 0 0 * * 6'],
    ['5/20 * * * *', '0 5/20 * * * *'],
    ['+5 *-3 * * *', '0 +5 *-3 * * *'],
    ['0  3\t* * *', '0 0 3 * * *'],
    ['TZ=UTC 0 3 * * *', '0 0 3 * * *'],
    ['@weekly', '0 0 0 * * 0'],
    ['0 , * * *', '0 0  * * *'],
  ])('%j', (cron, normalized) => {
    expect(ok(cron).schedule).toMatchObject({ kind: 'calendar', normalized });
  });

  it.each([
    ['@every 1h30m', 5400],
    ['@every 500ms', 1],
    ['@every 1.5s', 1],
  ])('%j runs every %d s', (cron, seconds) => {
    expect(ok(cron).schedule).toEqual({ kind: 'every', seconds });
  });
});

describe('readCron: refused as Prow refuses', () => {
  it.each([
    ['0 3 * *', 'expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), found 4'],
    ['0 0 0 3 * * *', 'expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), found 7'],
    ['60 * * * *', 'end of range (60) above maximum (59): 60'],
    ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['0 0 L * *', '"L" is not a number'],
    ['mon * * * *', '"mon" is not a number'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/0 * * * *', 'step of range should be a positive number: */0'],
    ['*/2/2 * * * *', 'too many slashes: */2/2'],
    ['1/-2 * * * *', 'negative number (-2) not allowed: -2'],
    ['@daily ', 'unrecognized descriptor: @daily '],
    [' @daily', 'expected 5 fields (minute hour day-of-month month day-of-week) or 6 (seconds first), found 1'],
    ['@every  1h', 'failed to parse duration @every  1h'],
    ['@every 1 day', 'failed to parse duration @every 1 day'],
    ['TZ=Nowhere/Town 0 3 * * *', 'provided bad location Nowhere/Town'],
    ['TZ=UTC', 'nothing after the time zone'],
  ])('%j', (cron, error) => {
    expect(readCron(cron)).toEqual({ error });
  });
});

describe('readCron: what a scheduler gets', () => {
  it('"0 22, 10 * * *" fires daily at 10:22:00 UTC, and says so', () => {
    expect(ok('0 22, 10 * * *')).toEqual({
      schedule: {
        kind: 'calendar',
        timezone: 'UTC',
        normalized: '0 22 10 * * *',
        calendars: [{ second: [0], minute: [22], hour: [10], dayOfMonth: expect.any(Array), month: expect.any(Array), dayOfWeek: [0, 1, 2, 3, 4, 5, 6] }],
      },
      notes: [
        'cron "0 22, 10 * * *" is read as Prow reads it (6 fields, seconds first, the empty item in "22," skipped): runs daily at 10:22:00 UTC; write 5 fields (minute hour day-of-month month day-of-week) if that is not what you meant',
      ],
    });
  });

  it('five fields read as written: no note', () => {
    expect(ok('0 3 * * *').notes).toEqual([]);
  });

  it('day-of-month and day-of-week both restricted: either day fires (two calendars)', () => {
    const s = ok('0 0 1 * mon').schedule;
    expect(s.kind === 'calendar' && s.calendars.map((c) => [c.dayOfMonth.length, c.dayOfWeek])).toEqual([
      [1, [0, 1, 2, 3, 4, 5, 6]],
      [31, [1]],
    ]);
  });

  it('a field with no values never fires', () => {
    expect(ok('0 , * * *')).toMatchObject({ schedule: { calendars: [], never: 'a field has no values' }, notes: ['cron "0 , * * *" has a field with no values (","): Prow accepts it, and the job never runs'] });
  });

  it('a time zone of its own: checkconfig accepts it, horologium never runs it', () => {
    const r = ok('TZ=Europe/Berlin 0 3 * * *');
    expect(r.schedule).toMatchObject({ timezone: 'Europe/Berlin', calendars: [] });
    expect(r.notes).toEqual([
      'cron "TZ=Europe/Berlin 0 3 * * *": Prow\'s checkconfig accepts "TZ=Europe/Berlin", but horologium puts "TZ=UTC " in front and then cannot parse it, so Prow never runs this job; write the time in UTC without a time zone',
    ]);
  });

  it('steps and names', () => {
    const s = ok('*/20 9-17/4 * jan,Dec sat').schedule;
    expect(s.kind === 'calendar' && s.calendars).toEqual([{ second: [0], minute: [0, 20, 40], hour: [9, 13, 17], dayOfMonth: expect.any(Array), month: [1, 12], dayOfWeek: [6] }]);
  });
});
