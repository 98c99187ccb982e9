// Builds the GPT-2 tokenizer fixtures of tests/ModeHop.Tests/Models/Tokenizers/fixtures/:
//   gpt2-tokenizer.json.gz  GPT-2's real vocabulary (gpt-3-encoder's encoder.json + vocab.bpe) as a Hugging Face
//                           tokenizer.json: ByteLevel pre-tokenizer and decoder, BPE model, <|endoftext|> added.
//   gpt2-sample.txt         the sample corpus: corpus-source.txt (hand-written; ⟦XXXX⟧ marks the code point
//                           U+XXXX) followed by lines mixed from fragments with a fixed seed.
//   gpt2-expected.json      per line, and for the whole text, the ids of gpt-3-encoder's own encode; where
//                           Hugging Face tokenizers (the Rust library, through its Node binding) gives other
//                           ids, those too, as "hf" (ModeHop follows Hugging Face).
// Run from this folder: npm install && node make-fixtures.js
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const gpt3 = require('gpt-3-encoder');
const { Tokenizer } = require('tokenizers');

const out = path.join(__dirname, '../../tests/ModeHop.Tests/Models/Tokenizers/fixtures');
const encoderDir = path.dirname(require.resolve('gpt-3-encoder'));

function gpt2TokenizerJson() {
  const vocab = JSON.parse(fs.readFileSync(path.join(encoderDir, 'encoder.json'), 'utf8'));
  const lines = fs.readFileSync(path.join(encoderDir, 'vocab.bpe'), 'utf8').split('\n');
  // As gpt-3-encoder reads it: the first line is a version comment, the last one is empty.
  const merges = lines.slice(1, lines.length - 1).map(l => l.split(' '));
  for (const m of merges) if (m.length !== 2) throw new Error(`vocab.bpe: bad merge ${JSON.stringify(m)}`);
  const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [{ id: vocab['<|endoftext|>'], content: '<|endoftext|>', single_word: false, lstrip: false, rstrip: false, normalized: true, special: true }],
    normalizer: null,
    pre_tokenizer: byteLevel,
    post_processor: byteLevel,
    decoder: byteLevel,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '', end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges },
  };
}

// mulberry32: a tiny seeded generator, so the mixed lines are the same on every run.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mixedLines(count) {
  const random = rng(20240601);
  const pick = a => a[Math.floor(random() * a.length)];
  const words = ['the', 'The', 'THE', 'model', 'checkpoint', 'hop', 'parrot', 'general', 'Ünïcödé', 'naïve', 'café', 'Zürich',
    'Straße', 'Ελλάδα', 'мир', 'Привет', '日本', '東京都', '中文', '처음', 'مرحبا', 'שלום', 'नमस्ते', 'สวัสดี', '𝓗𝓲', '𠀀',
    'x', 'I', 'a', 'ab', 'antidisestablishmentarianism', 'camelCase', 'snake_case', 'HTTPServer', 'e\u0301', 'o\u0308\u0301'];
  const numbers = () => String(Math.floor(random() * 10 ** (1 + Math.floor(random() * 12))));
  const puncts = ['.', ',', '!', '?', '...', '!!', '?!', ';', ':', '-', '--', '—', '(', ')', '[', ']', '{', '}', '"', '“', '”',
    '#', '@', '$', '%', '^', '&', '*', '_', '+', '=', '<', '>', '/', '\\', '|', '~', '`', '·', '…', '¿', '¡'];
  const contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'VE", "'M", "'LL", "'D", "'", "''"];
  const emoji = ['😀', '👍🏽', '👨‍👩‍👧', '🇯🇵', '❤️', '🎉', '🤖', '🧪'];
  const code = ['def', 'return', 'x += 1', 'a[i]', 'f(x)', '{}', '[]', '()', '=>', '!=', '==', '&&', '||', '->', '::', '/*', '*/', '//', '#!', '0x7F', '1e-9', '\\n', '"\\t"'];
  const spaces = [' ', ' ', ' ', ' ', '', '  ', '   ', '\t', ' \t', '    ', '\u00a0', '\u3000'];
  const kinds = [() => pick(words), () => pick(words) + pick(contractions), numbers, () => pick(puncts), () => pick(puncts) + pick(puncts),
    () => pick(emoji), () => pick(code), () => pick(words) + pick(puncts), () => numbers() + pick(['.', ',', '%', 'px', 'th']) + numbers()];
  const result = [];
  for (let n = 0; n < count; n++) {
    let line = random() < 0.15 ? pick(spaces) : '';
    const parts = 2 + Math.floor(random() * 14);
    for (let p = 0; p < parts; p++) line += (p > 0 ? pick(spaces) : '') + pick(kinds)();
    if (random() < 0.15) line += pick(spaces);
    result.push(line);
  }
  return result;
}

function sampleCorpus() {
  const source = fs.readFileSync(path.join(__dirname, 'corpus-source.txt'), 'utf8')
    .replace(/⟦([0-9A-F]+)⟧/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)));
  const lines = source.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.concat(mixedLines(300));
}

async function main() {
  const json = JSON.stringify(gpt2TokenizerJson());
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'gpt2-tokenizer.json.gz'), zlib.gzipSync(Buffer.from(json, 'utf8'), { level: 9 }));
  const jsonPath = path.join(require('os').tmpdir(), 'modehop-gpt2-tokenizer.json');
  fs.writeFileSync(jsonPath, json);
  const hf = Tokenizer.fromFile(jsonPath);

  const lines = sampleCorpus();
  const text = lines.join('\n') + '\n';
  fs.writeFileSync(path.join(out, 'gpt2-sample.txt'), text);

  async function entry(t) {
    const ids = gpt3.encode(t);
    const hfIds = (await hf.encode(t, null, { addSpecialTokens: false })).getIds();
    const e = { ids };
    if (JSON.stringify(ids) !== JSON.stringify(hfIds)) e.hf = hfIds;
    return e;
  }
  const expected = { generator: 'tools/gpt2-tokenizer/make-fixtures.js: gpt-3-encoder 1.1.4 ("ids"), Hugging Face tokenizers 0.23.2 ("hf", only where it differs)', lines: [], whole: null };
  for (const l of lines) expected.lines.push(await entry(l));
  expected.whole = await entry(text);
  fs.writeFileSync(path.join(out, 'gpt2-expected.json'), JSON.stringify(expected) + '\n');

  const differing = expected.lines.map((e, i) => [e, i]).filter(([e]) => e.hf);
  const tokens = expected.lines.reduce((s, e) => s + e.ids.length, 0);
  console.log(`${lines.length} lines, ${tokens} gpt-3-encoder tokens (whole text ${expected.whole.ids.length}); Hugging Face differs on ${differing.length} line(s)${expected.whole.hf ? ' and on the whole text' : ''}:`);
  for (const [e, i] of differing) console.log(`  line ${i + 1}: ${JSON.stringify(lines[i])}\n    gpt-3-encoder ${JSON.stringify(e.ids)}\n    hf            ${JSON.stringify(e.hf)}`);
}

main().catch(e => { console.error(e); process.exit(1); });
