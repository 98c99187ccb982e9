// Golden ids from Hugging Face tokenizers (the Rust library, through its Node binding) for ModeHop's small
// hand-written tokenizer.json fixtures, so the C# tests check them against the reference too, not only
// against the hand-derived ids in their comments. Writes fixtures/hf-golden.json:
//   [{"fixture", "text", "ids", "decoded"}, …]   (ids without the post-processor: add_special_tokens false;
//                                                  decoded with skip_special_tokens false)
// Run from this folder: npm install && node hf-golden.js
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require('tokenizers');

const fixtures = path.join(__dirname, '../../tests/ModeHop.Tests/Models/Tokenizers/fixtures');

const common = ['', ' ', '  ', 'hello', 'hello world', ' hello world', 'hello  world', 'hello   world  ', 'hello world!'];
const cases = {
  'tiny-bytelevel.json': [...common, 'hell', 'hello<|endoftext|>world', '<|endoftext|>', 'world\nhello', "hello's", 'héllo', '😀 hello'],
  'neox-like.json': [...common, 'café', 'cafe\u0301', ' café', 'a b', 'a  b', 'a   b', 'a    b', 'a     b', 'a<|endoftext|>b',
    '<|padding|>a', 'a <mask>b', 'a  <mask> b', 'ab c', 'abc', 'cab', 'c ab', '  a', 'a  '],
  'sentencepiece-bpe.json': [...common, 'hello é', 'éé', 'hello 😀 world', '<s>hello', 'hello</s>', 'héllo wörld', '\thello', 'hello\n', 'a'],
  'sentencepiece-metaspace.json': [...common, 'hello é', '<s>hello', '<s> hello', 'hello</s>world', 'hello 😀'],
  'wordlevel.json': [...common, 'the cat sat .', '  the   cat\tsat\n.', 'the dog sat', '<unk> the <pad>', 'thecat'],
};

async function main() {
  const golden = [];
  for (const [fixture, texts] of Object.entries(cases)) {
    const tokenizer = Tokenizer.fromFile(path.join(fixtures, fixture));
    for (const text of texts) {
      const ids = (await tokenizer.encode(text, null, { addSpecialTokens: false })).getIds();
      const decoded = await tokenizer.decode(ids, false);
      golden.push({ fixture, text, ids, decoded });
    }
  }
  fs.writeFileSync(path.join(fixtures, 'hf-golden.json'), JSON.stringify(golden, null, 1) + '\n');
  console.log(`${golden.length} cases over ${Object.keys(cases).length} fixtures`);
}

main().catch(e => { console.error(e); process.exit(1); });
