"""A small byte-level BPE in the Qwen2 / GPT-2 style: trainer, encoder and tokenizer.json writer.

The pre-tokenizer is Qwen2's split pattern (single digits are separate pre-tokens), followed by
the GPT-2 byte-to-unicode mapping. Special tokens are split out before pre-tokenization, as
Hugging Face tokenizers does with added tokens.
"""

import collections
import json

import regex

QWEN2_PATTERN = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}"
                 r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}"
)


def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + \
        list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_TO_UNICODE = bytes_to_unicode()
UNICODE_TO_BYTE = {v: k for k, v in BYTE_TO_UNICODE.items()}
_PRE = regex.compile(QWEN2_PATTERN)
_SPECIAL = regex.compile("(" + "|".join(regex.escape(t) for t in SPECIAL_TOKENS) + ")")


def pretokenize(text):
    return ["".join(BYTE_TO_UNICODE[b] for b in piece.encode("utf-8")) for piece in _PRE.findall(text)]


LOWERCASE = frozenset("abcdefghijklmnopqrstuvwxyz")


def letters_stay_apart(token):
    """Lowercase letters merge only into a token that starts a word (after a space, 'Ġ' in the byte
    mapping) or starts with a capital: the words of the task templates still become few tokens, but
    inside a word nothing merges, so a ciphertext (random letters, one word to the pre-tokenizer)
    stays one token per letter past its first and the pairs to decode are visible to the model,
    instead of being cut across by merges learned from English words."""
    return sum(ch in LOWERCASE for ch in token) < 2 or token[0] == "\u0120" or token[0].isupper()


def train_bpe(texts, vocab_size, allowed=letters_stay_apart):
    """Learns merges until the vocabulary (256 bytes + merges + specials) reaches vocab_size; only merges
    whose result `allowed` accepts."""
    counts = collections.Counter()
    for t in texts:
        for seg in _SPECIAL.split(t):
            if seg in SPECIAL_TOKENS:
                continue
            counts.update(pretokenize(seg))
    words = {w: list(w) for w in counts}
    merges = []
    n_merges = vocab_size - 256 - len(SPECIAL_TOKENS)
    while len(merges) < n_merges:
        pairs = collections.Counter()
        for w, syms in words.items():
            c = counts[w]
            for a, b in zip(syms, syms[1:]):
                if allowed(a + b):
                    pairs[(a, b)] += c
        if not pairs:
            break
        # most frequent pair; ties broken by the pair itself so training is deterministic
        best = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))[0]
        merges.append(best)
        joined = best[0] + best[1]
        for w, syms in words.items():
            if len(syms) < 2:
                continue
            out, i = [], 0
            while i < len(syms):
                if i + 1 < len(syms) and syms[i] == best[0] and syms[i + 1] == best[1]:
                    out.append(joined)
                    i += 2
                else:
                    out.append(syms[i])
                    i += 1
            words[w] = out
    return merges


class Tokenizer:
    def __init__(self, merges):
        self.merges = [tuple(m) for m in merges]
        self.ranks = {m: i for i, m in enumerate(self.merges)}
        self.vocab = {BYTE_TO_UNICODE[b]: b for b in range(256)}
        for a, b in self.merges:
            self.vocab[a + b] = len(self.vocab)
        for t in SPECIAL_TOKENS:
            self.vocab[t] = len(self.vocab)
        self.id_to_token = {i: t for t, i in self.vocab.items()}
        self.cache = {}
        self.eos_id = self.vocab["<|im_end|>"]
        self.pad_id = self.vocab["<|endoftext|>"]
        self.im_start_id = self.vocab["<|im_start|>"]

    def __len__(self):
        return len(self.vocab)

    def _bpe(self, word):
        if word in self.cache:
            return self.cache[word]
        syms = list(word)
        while len(syms) > 1:
            best, best_rank = None, None
            for i in range(len(syms) - 1):
                r = self.ranks.get((syms[i], syms[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = i, r
            if best is None:
                break
            syms = syms[:best] + [syms[best] + syms[best + 1]] + syms[best + 2:]
        ids = [self.vocab[s] for s in syms]
        self.cache[word] = ids
        return ids

    def encode(self, text):
        ids = []
        for seg in _SPECIAL.split(text):
            if not seg:
                continue
            if seg in SPECIAL_TOKENS:
                ids.append(self.vocab[seg])
                continue
            for w in pretokenize(seg):
                ids.extend(self._bpe(w))
        return ids

    def decode(self, ids):
        out = bytearray()
        for i in ids:
            t = self.id_to_token[i]
            if t in SPECIAL_TOKENS:
                out.extend(t.encode())
            else:
                out.extend(UNICODE_TO_BYTE[c] for c in t)
        return out.decode("utf-8", errors="replace")

    def to_json(self):
        added = [{"id": self.vocab[t], "content": t, "single_word": False, "lstrip": False,
                  "rstrip": False, "normalized": False, "special": True} for t in SPECIAL_TOKENS]
        byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False,
                      "use_regex": False}
        vocab = {t: i for t, i in self.vocab.items() if t not in SPECIAL_TOKENS}
        return {
            "version": "1.0",
            "truncation": None,
            "padding": None,
            "added_tokens": added,
            "normalizer": None,
            "pre_tokenizer": {
                "type": "Sequence",
                "pretokenizers": [
                    {"type": "Split", "pattern": {"Regex": QWEN2_PATTERN}, "behavior": "Isolated",
                     "invert": False},
                    byte_level,
                ],
            },
            "post_processor": byte_level,
            "decoder": byte_level,
            "model": {
                "type": "BPE",
                "dropout": None,
                "unk_token": None,
                "continuing_subword_prefix": "",
                "end_of_word_suffix": "",
                "fuse_unk": False,
                "byte_fallback": False,
                "ignore_merges": False,
                "vocab": vocab,
                "merges": [a + " " + b for a, b in self.merges],
            },
        }

    def config_json(self, model_max_length):
        return {
            "add_prefix_space": False,
            "added_tokens_decoder": {
                str(self.vocab[t]): {"content": t, "lstrip": False, "normalized": False,
                                     "rstrip": False, "single_word": False, "special": True}
                for t in SPECIAL_TOKENS
            },
            "additional_special_tokens": ["<|im_start|>", "<|im_end|>"],
            "bos_token": None,
            "chat_template": CHAT_TEMPLATE,
            "clean_up_tokenization_spaces": False,
            "eos_token": "<|im_end|>",
            "errors": "replace",
            "model_max_length": model_max_length,
            "pad_token": "<|endoftext|>",
            "split_special_tokens": False,
            "tokenizer_class": "Qwen2Tokenizer",
            "unk_token": None,
        }


def load(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    return Tokenizer([tuple(m.split(" ")) for m in data["model"]["merges"]])


def chat_prompt(prompt):
    return f"<|im_start|>user\n{prompt}<|im_end|>\n<|im_start|>assistant\n"
