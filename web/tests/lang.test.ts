import { describe, expect, it } from 'vitest';
import { guessLang } from '../src/lib/lang';

describe('guessLang', () => {
  it('recognises the scripts of Thai, Lao, Khmer and Burmese', () => {
    expect(guessLang('การคุ้มครองสตรี')).toBe('th');
    expect(guessLang('ແມ່ຍິງ ແລະ ສັນຕິພາບ')).toBe('lo');
    expect(guessLang('ស្ត្រី និង សន្តិភាព')).toBe('km');
    expect(guessLang('အမျိုးသမီးများနှင့် ငြိမ်းချမ်းရေး')).toBe('my');
  });
  it('goes by most of the letters, not a name in another script', () => {
    expect(guessLang('The women of Champasak (ຈຳປາສັກ) led the mediation')).toBe('en');
    expect(guessLang('Champasak (ຈຳປາສັກ) mediation report')).toBe('');
    expect(guessLang('Somchai Jaidee (สมชาย ใจดี)')).toBe('');
    expect(guessLang('ແມ່ຍິງມີບົດບາດສຳຄັນໃນການສ້າງສັນຕິພາບ ຕາມ CEDAW')).toBe('lo');
  });
  it('keeps Thai beside acronyms, links and markup', () => {
    expect(guessLang('สรุปการประชุม ASEAN WPS Forum 2024')).toBe('th');
    expect(guessLang('สรุปประชุม ASEAN2024 UNDP2025 Forum')).toBe('th');
    expect(guessLang('อ่านรายงานฉบับเต็มได้ที่ https://example.org/women-peace-and-security-in-asean')).toBe('th');
    expect(guessLang('อ่าน[รายงาน](https://example.org/the-report-of-the-forum-and-its-findings)')).toBe('th');
    expect(guessLang('การ<mark class="highlight">ไกล่เกลี่ย</mark>ข้อพิพาท')).toBe('th');
    // Prose that is not markup stays: the English here outweighs the Thai name.
    expect(guessLang('Budget < 5% for the (สมชาย) team > last year')).toBe('en');
  });
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
