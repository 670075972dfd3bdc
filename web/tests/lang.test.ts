import { describe, expect, it } from 'vitest';
import { guessLang } from '../src/lib/lang';

describe('guessLang', () => {
  it('recognises Thai script', () => expect(guessLang('การคุ้มครองสตรี')).toBe('th'));
  it('recognises Vietnamese letters', () => expect(guessLang('Phụ nữ, hòa bình và an ninh')).toBe('vi'));
  it('tells Indonesian from English by common words', () => {
    expect(guessLang('Pelatihan untuk perempuan di desa dan kota yang terdampak')).toBe('id');
    expect(guessLang('What we learned from the floods and the helpline')).toBe('en');
  });
  it('says unknown rather than guessing', () => {
    expect(guessLang('')).toBe('');
    expect(guessLang('OK 123')).toBe('');
  });
});
