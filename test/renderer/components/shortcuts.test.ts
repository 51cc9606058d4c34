import { describe, expect, it } from 'vitest';
import { SHORTCUTS, VIEWS, viewForKey } from '../../../renderer/src/components/shortcuts';
import { en } from '../../../renderer/src/i18n/en';

const key = (code: string, mods: Partial<{ altKey: boolean; ctrlKey: boolean; metaKey: boolean }> = {}) => ({ altKey: false, ctrlKey: false, metaKey: false, code, ...mods });

describe('keyboard shortcuts', () => {
  it('maps Alt+1…8 (top row and keypad) to the views in tab order', () => {
    expect(viewForKey(key('Digit1', { altKey: true }))).toBe('case');
    expect(viewForKey(key('Numpad3', { altKey: true }))).toBe('graph');
    expect(viewForKey(key('Digit8', { altKey: true }))).toBe('audit');
    expect(VIEWS).toHaveLength(8);
  });

  it('ignores digits without Alt, with Ctrl, and Alt+9', () => {
    expect(viewForKey(key('Digit1'))).toBeNull();
    expect(viewForKey(key('Digit1', { altKey: true, ctrlKey: true }))).toBeNull();
    expect(viewForKey(key('Digit9', { altKey: true }))).toBeNull();
  });

  it('describes every shortcut with a translated string', () => {
    for (const s of SHORTCUTS) expect(en).toHaveProperty(s.action);
    for (const v of VIEWS) expect(en).toHaveProperty(`nav.${v}`);
  });
});
