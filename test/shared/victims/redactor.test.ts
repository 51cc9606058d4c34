import { describe, expect, it } from 'vitest';
import { Redactor } from '../../../shared/victims/redactor';

const ana = { pseudonym: 'V-001', terms: ['Ana Petrović', '+381641234567', '0641234567', 'ana.p@example.com'] };

describe('Redactor', () => {
  it('hides a name whatever its case, diacritics or script', () => {
    const r = new Redactor([ana]);
    expect(r.text('Javila se ANA PETROVIC juče')).toBe('Javila se V-001 juče');
    expect(r.text('Ana Petrović je stigla')).toBe('V-001 je stigla');
    expect(r.text('Ана Петровић је стигла')).toBe('V-001 је стигла');
    expect(r.text('ana  petrovic, ana_petrovic')).toBe('V-001, V-001');
    // a decomposed ć (c + combining acute) is hidden with its mark
    expect(r.text('Ana Petrovic\u0301!')).toBe('V-001!');
  });

  it('leaves other words alone, also ones that contain a term', () => {
    const r = new Redactor([{ pseudonym: 'V-002', terms: ['Marko'] }]);
    expect(r.text('Markovic i Marko')).toBe('Markovic i V-002');
    expect(r.text('nothing here')).toBe('nothing here');
  });

  it('hides phone numbers in the usual written forms', () => {
    const r = new Redactor([ana]);
    for (const written of ['064/123-4567', '+381 64 123 4567', '00381641234567', '064 123 45 67', '+381 (64) 123.45.67', '+381 (0)64 123-45-67', '0641234567']) {
      expect(r.text(`zovi ${written} odmah`), written).toBe('zovi V-001 odmah');
    }
    // a longer number that merely contains the digits is a different number
    expect(r.text('račun 106412345678')).toBe('račun 106412345678');
  });

  it('replaces the longest term first', () => {
    const r = new Redactor([
      { pseudonym: 'V-001', terms: ['Ana'] },
      { pseudonym: 'V-002', terms: ['Ana Marija Kovač'] },
    ]);
    expect(r.text('Ana Marija Kovač i Ana')).toBe('V-002 i V-001');
  });

  it('ignores terms too short to hide safely and is empty without victims', () => {
    expect(new Redactor([]).isEmpty).toBe(true);
    const r = new Redactor([{ pseudonym: 'V-003', terms: ['Al', '12'] }]);
    expect(r.isEmpty).toBe(true);
    expect(r.text('Al 12')).toBe('Al 12');
  });

  it('masks a victim node and hides terms in the labels of other nodes', () => {
    const r = new Redactor([{ ...ana, nodes: [{ id: 7, value: 'person:7', masked: 'V-001' }, { id: 8, value: '+381641234567', masked: 'V-001 phone 1' }] }]);
    expect(r.maskNode({ id: 8, kind: 'phone', value: '+381641234567', label: null, victim: null, tags: [] })).toEqual({ id: 8, kind: 'phone', value: 'V-001 phone 1', label: 'V-001', victim: 'V-001', tags: [] });
    expect(r.maskNode({ id: 9, kind: 'chat', value: 'chat:9', label: 'Ana Petrović & Marko', victim: null, tags: [] }).label).toBe('V-001 & Marko');
    expect(r.value('+381641234567')).toBe('V-001 phone 1');
    expect(r.victimOf(7)).toBe('V-001');
    expect(r.victimOf(9)).toBeNull();
  });

  it('hides the words of a name alone and inflected, but not other words that merely begin alike', () => {
    const r = new Redactor([{ pseudonym: 'V-002', terms: ['Jelena Marković'], nameWords: ['Jelena', 'Marković', 'Ana'] }]);
    expect(r.text('Jeleni je rekao Markoviću, a Jelenom se hvali.')).toBe('V-002 je rekao V-002, a V-002 se hvali.');
    expect(r.text('ЈЕЛЕНА стиже')).toBe('V-002 стиже');
    // 3-letter words hide only whole; a 4-letter ending is not a case ending.
    expect(r.text('Ana, Anamarija i Banana; Jelenovićeva ulica')).toBe('V-002, Anamarija i Banana; Jelenovićeva ulica');
  });
});
