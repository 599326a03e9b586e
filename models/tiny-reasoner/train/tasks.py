"""Task families: problem generators, chain-of-thought traces and Python checks.

Every trace ends with a line ``Final answer: X``. The prompts are exactly the text the C#
importers produce from the puzzle files, so the model sees the same user turn in training and in
the factory.

Held-out problems are kept out of training by a hash split on the problem's key: a problem is
held-out eligible when its bucket is held out (one in ten; three in ten for the 24 game, so that 200 distinct quadruples exist) and training only uses the other buckets. That keeps
the two sets disjoint even for the 24 game, whose whole problem space is about 1,300 quadruples,
and lets the held-out difficulty be chosen without touching the training data.
"""

import hashlib
import itertools
import random
import re
from fractions import Fraction

HELD_OUT_BUCKETS = 10


def bucket(key):
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % HELD_OUT_BUCKETS


def is_held_out_key(key):
    # the 24 game has only about 1,300 solvable quadruples: a larger share is held out
    if key.startswith("game24:"):
        return bucket(key) < 3
    return bucket(key) == 0


FINAL = "Final answer: "

# --------------------------------------------------------------------------- arithmetic


def arith_prompt(a, op, b):
    return f"Calculate {a} {op} {b}."


def _add_lines(a, b):
    """Column addition from the right; each line shows digits, carry in, sum and the result so far."""
    da, db = str(a)[::-1], str(b)[::-1]
    carry, out, lines = 0, "", []
    for i in range(max(len(da), len(db))):
        x = int(da[i]) if i < len(da) else 0
        y = int(db[i]) if i < len(db) else 0
        s = x + y + carry
        out = str(s % 10) + out
        lines.append(f"{x}+{y}+{carry}={s}: {out}")
        carry = s // 10
    if carry:
        out = str(carry) + out
        lines.append(f"carry {carry}: {out}")
    return lines


def _sub_lines(a, b):
    """Column subtraction (a >= b) from the right with borrows."""
    da, db = str(a)[::-1], str(b)[::-1]
    borrow, out, lines = 0, "", []
    for i in range(len(da)):
        x = int(da[i])
        y = int(db[i]) if i < len(db) else 0
        if x - borrow - y < 0:
            d = 10 + x - borrow - y
            lines.append(f"1{x}-{borrow}-{y}={d}: {str(d) + out}")
            borrow = 1
        else:
            d = x - borrow - y
            lines.append(f"{x}-{borrow}-{y}={d}: {str(d) + out}")
            borrow = 0
        out = str(d) + out
    return lines


def _mul1_lines(a, d, shift):
    """a times one digit d (times 10^shift), digit by digit with carries."""
    lines, carry, out = [], 0, "0" * shift
    for ch in str(a)[::-1]:
        x = int(ch)
        p = x * d + carry
        out = str(p % 10) + out
        lines.append(f"{x}*{d}+{carry}={p}: {out}")
        carry = p // 10
    if carry:
        out = str(carry) + out
        lines.append(f"carry {carry}: {out}")
    return lines, int(out)


def arith_trace(a, op, b):
    if op == "+":
        lines = ["Add the columns from the right."] + _add_lines(a, b)
        result = a + b
    elif op == "-":
        if a >= b:
            lines = ["Subtract the columns from the right."] + _sub_lines(a, b)
            result = a - b
        else:
            lines = [f"{a} is less than {b}, so compute {b} - {a} and negate."]
            lines += _sub_lines(b, a)
            result = a - b
    else:
        lines = ["Multiply by each digit, then add the partial products."]
        partials = []
        for shift, ch in enumerate(str(b)[::-1]):
            sub, value = _mul1_lines(a, int(ch), shift)
            lines.append(f"{a}*{int(ch) * 10 ** shift}:")
            lines += sub
            partials.append(value)
        total = partials[0]
        for p in partials[1:]:
            lines.append(f"{total}+{p}:")
            lines += _add_lines(total, p)
            total += p
        result = a * b
    lines.append(FINAL + str(result))
    return "\n".join(lines)


def gen_arith(rng, max_add_digits=5, max_mul_digits=(3, 2)):
    op = rng.choice(["+", "-", "*"])
    if op == "*":
        la = rng.randint(2, max_mul_digits[0])
        lb = rng.randint(1, max_mul_digits[1])
    else:
        la = rng.randint(2, max_add_digits)
        lb = rng.randint(1, la)
    a = rng.randint(10 ** (la - 1), 10 ** la - 1)
    b = rng.randint(10 ** (lb - 1) if lb > 1 else 2, 10 ** lb - 1)
    if op == "-" and rng.random() < 0.2:
        a, b = b, a
    key = f"arith:{a}{op}{b}"
    return {
        "key": key,
        "prompt": arith_prompt(a, op, b),
        "answer": str(eval(f"{a}{op}{b}")),
        "trace": arith_trace(a, op, b),
        "record": {"prompt": arith_prompt(a, op, b), "answer": str(eval(f"{a}{op}{b}")), "kind": "math"},
    }


# --------------------------------------------------------------------------- 24 game and countdown


def puzzle_prompt(numbers, target):
    nums = " ".join(str(n) for n in numbers)
    return (f"Use the numbers {nums} to make {target} with + - * / and parentheses, "
            "using each number exactly once.")


def _combine(x, y):
    """Results of combining two items (value, expr, compound) with integer-only operations."""
    (vx, ex, cx), (vy, ey, cy) = x, y
    wx = f"({ex})" if cx else ex
    wy = f"({ey})" if cy else ey
    out = [(vx + vy, "+", x, y, f"{wx}+{wy}"), (vx * vy, "*", x, y, f"{wx}*{wy}")]
    if vx >= vy:
        out.append((vx - vy, "-", x, y, f"{wx}-{wy}"))
    if vy > 0 and vx % vy == 0:
        out.append((vx // vy, "/", x, y, f"{wx}/{wy}"))
    return out


def random_chain(rng, numbers, target=None):
    """Combine two random items until one is left; returns (steps, value, expr). With a target, the
    last step is the operation whose result comes closest to it (ties drawn at random): a search a
    model can imitate, which reaches the target about three times as often as a blind last step."""
    items = [(n, str(n), False) for n in numbers]
    rng.shuffle(items)
    steps = []
    while len(items) > 1:
        i, j = rng.sample(range(len(items)), 2)
        x, y = items[i], items[j]
        last = target is not None and len(items) == 2
        if x[0] < y[0] and (last or rng.random() < 0.8):
            x, y = y, x
        options = _combine(x, y)
        if last:
            best = min(abs(o[0] - target) for o in options)
            options = [o for o in options if abs(o[0] - target) == best]
        value, op, _, _, expr = rng.choice(options)
        rest = [it for k, it in enumerate(items) if k not in (i, j)]
        items = rest + [(value, expr, True)]
        steps.append((x[0], op, y[0], value, [it[0] for it in items]))
    return steps, items[0][0], items[0][1]


def all_solutions(numbers, target):
    """Every integer-intermediate chain reaching target, as (steps, expr); exhaustive search."""
    sols = []

    def rec(items, steps):
        if len(items) == 1:
            if items[0][0] == target:
                sols.append((list(steps), items[0][1]))
            return
        for i, j in itertools.permutations(range(len(items)), 2):
            x, y = items[i], items[j]
            rest = [it for k, it in enumerate(items) if k not in (i, j)]
            for value, op, _, _, expr in _combine(x, y):
                if op in "+*" and i > j:
                    continue  # commutative: one order is enough
                new = rest + [(value, expr, True)]
                steps.append((x[0], op, y[0], value, [it[0] for it in new]))
                rec(new, steps)
                steps.pop()

    rec([(n, str(n), False) for n in numbers], [])
    return sols


def _step_text(step):
    a, op, b, v, left = step
    return f"{a}{op}{b}={v}"


def try_line(steps, target):
    parts = []
    for k, s in enumerate(steps):
        if k + 1 < len(steps):
            parts.append(_step_text(s) + " (" + " ".join(str(v) for v in s[4]) + ")")
        else:
            parts.append(_step_text(s))
    value = steps[-1][3]
    verdict = "Yes." if value == target else "No."
    return "Try " + ", ".join(parts) + ". " + verdict


MAX_TRIES = 8
ROLLOUTS = 4


def puzzle_trace(rng, numbers, target, max_tries=MAX_TRIES, rollouts=ROLLOUTS):
    """A rollout of the search the model is to learn, stopped at its first hit: tries drawn by
    random_chain with the target (each step with the numbers left, each try checked "No." or
    "Yes."), then the expression of the try that reached the target. Every try, the successful one
    included, comes from the same policy, so the model learns to run the search and check each try,
    never to write a solution it cannot find itself, and only a try's value tells "Yes." from "No.".
    None when no rollout (of `rollouts`) hits within max_tries: the problem is then not used for
    training (rejection sampling of the policy's own traces)."""
    for _ in range(rollouts):
        lines = []
        for _ in range(max_tries):
            steps, value, expr = random_chain(rng, numbers, target)
            lines.append(try_line(steps, target))
            if value == target:
                lines.append(FINAL + expr)
                return "\n".join(lines)
    return None


GAME24_SOLUTIONS = {}


def game24_solutions(quad):
    key = tuple(sorted(quad))
    if key not in GAME24_SOLUTIONS:
        GAME24_SOLUTIONS[key] = all_solutions(list(key), 24)
    return GAME24_SOLUTIONS[key]


def gen_game24(rng, held_out, min_solutions=1):
    while True:
        quad = [rng.randint(1, 13) for _ in range(4)]
        key = "game24:" + ",".join(str(n) for n in sorted(quad))
        if is_held_out_key(key) != held_out:
            continue
        sols = game24_solutions(quad)
        if len(sols) < min_solutions:
            continue
        # held-out problems need no trace; a training problem whose rollouts all miss is redrawn
        trace = None if held_out else puzzle_trace(rng, quad, 24)
        if trace is None and not held_out:
            continue
        return {
            "key": key,
            "prompt": puzzle_prompt(quad, 24),
            "numbers": quad,
            "target": 24,
            "trace": trace,
            "record": {"numbers": quad},
        }


def gen_countdown(rng, held_out, sizes=(3, 3, 4), big_share=0.5, min_solutions=1):
    while True:
        n = rng.choice(sizes)
        small = [rng.randint(1, 10) for _ in range(n)]
        if rng.random() < big_share:
            small[rng.randrange(n)] = rng.choice([25, 50, 75, 100])
        steps, target, _ = random_chain(rng, small)
        if not (10 <= target <= 999) or target in small:
            continue
        key = "countdown:" + ",".join(str(v) for v in sorted(small)) + f"->{target}"
        if is_held_out_key(key) != held_out:
            continue
        if min_solutions > 1 and len(all_solutions(small, target)) < min_solutions:
            continue
        # held-out problems need no trace; a training problem whose rollouts all miss is redrawn
        trace = None if held_out else puzzle_trace(rng, small, target)
        if trace is None and not held_out:
            continue
        return {
            "key": key,
            "prompt": puzzle_prompt(small, target),
            "numbers": small,
            "target": target,
            "trace": trace,
            "record": {"numbers": small, "target": target},
        }


# --------------------------------------------------------------------------- letter-pair cipher

WORDS = """
able acid aged also area army away baby back ball band bank base bath bear beat been beer bell
belt best bird blow blue boat body bone book born both bowl burn bush busy cake call calm came
camp card care case cash cast cell chat chip city clay club coal coat code cold come cook cool
cope copy core cost crew crop dark data date dawn days dead deal dear debt deep desk diet disc
door down draw drew drop drug dual duke dust duty each earn ease east easy edge else even ever
exit face fact fail fair fall farm fast fate fear feed feel feet fell felt file fill film find
fine fire firm fish five flat flow food foot ford form fort four free from fuel full fund gain
game gate gave gear gift girl give glad goal goes gold golf gone good gray grew grow gulf hair
half hall hand hang hard harm have head hear heat held hell help here hero high hill hire hold
hole holy home hope host hour huge hung hunt hurt idea inch into iron item jack jane jean john
join jump jury just keen keep kent kept kick kill kind king knee knew know lack lady laid lake
land lane last late lead left less life lift like line link list live load loan lock long look
lord lose loss lost love luck made mail main make male many mark mass meal mean meat meet menu
mere mike mile milk mill mind mine miss mode mood moon more most move much must name navy near
neck need news next nice nick nine none nose note okay once only open oral over pace pack page
paid pain pair palm park part pass past path peak pick pink pipe plan play plot plug plus poll
pool poor port post pull pure push race rail rain rank rare rate read real rear rely rent rest
rice rich ride ring rise risk road rock role roll roof room root rose rule rush safe said sake
sale salt same sand save seat seed seek seem seen self sell send sent ship shop shot show shut
sick side sign site size skin slip slow snow soft soil sold sole some song soon sort soul spot
star stay step stop such suit sure take tale talk tall tank tape task team tell tend term test
text than that them then they thin this thus tide till time tiny told tone took tool tour town
tree trip true tune turn twin type unit upon used user vast very vice view vote wage wait wake
walk wall want warm wash wave ways weak wear week well went were west what when whom wide wife
wild will wind wine wing wire wise wish with wood word wore work yard yeah year your zero zone
act add age ago aid aim air all and any arm art ask bad bag bar bed big bit box boy bus but buy
can car cat cow cry cup cut day did die dog dry due ear eat egg end eye far fat few fit fix fly
for fun gap gas get god got gun guy had has hat her him his hit hot how ice ill its job joy key
kid law lay led leg let lie lot low man map may men mix mom net new nor not now nut odd off oil
old one our out own pay pen per pet pie pin pit pop pot put ran raw red rid row run sad sat saw
say sea see set sex she sir sit six sky son sun tax tea ten the tie tip toe too top toy try two
use van war was way web wet who why win won yes yet you
think step solve world water light plant money story apple smile table chair house bread green
""".split()


def letter_pos(ch):
    return ord(ch) - 96


def encipher(rng, plaintext):
    out = []
    for word in plaintext.split(" "):
        pairs = []
        for ch in word:
            p = letter_pos(ch)
            lo, hi = max(1, 2 * p - 26), min(26, 2 * p - 1)
            a = rng.randint(lo, hi)
            pairs.append(chr(96 + a) + chr(96 + 2 * p - a))
        out.append("".join(pairs))
    return " ".join(out)


def cipher_prompt(ciphertext):
    return f"Decode the letter-pair cipher: {ciphertext}"


def cipher_trace(ciphertext):
    lines = ["Each letter is the average of the positions of a pair."]
    words = []
    for cw in ciphertext.split(" "):
        word = ""
        for k in range(0, len(cw), 2):
            a, b = cw[k], cw[k + 1]
            pa, pb = letter_pos(a), letter_pos(b)
            v = (pa + pb) // 2
            ch = chr(96 + v)
            word += ch
            lines.append(f"{a}{b}: ({pa}+{pb})/2 = {v} -> {ch}")
        lines.append(f"Word: {word}")
        words.append(word)
    lines.append(FINAL + " ".join(words))
    return "\n".join(lines)


def _held_out_word(word):
    return is_held_out_key("cipher:" + word)


def gen_cipher(rng, held_out, n_words=(1, 2, 2, 3), max_letters=9, pseudo_share=0.0):
    """A held-out problem is one held-out word. A training plaintext contains no held-out word, and
    with probability pseudo_share a word is random letters (3-6 of them, never a held-out word):
    the model cannot guess those from a vocabulary it knows, so it learns to spell out the letters
    it decoded rather than the nearest word it has seen."""
    while True:
        k = rng.choice(n_words)
        words = []
        for _ in range(k):
            if pseudo_share and rng.random() < pseudo_share:
                words.append("".join(chr(97 + rng.randrange(26)) for _ in range(rng.randint(3, 6))))
            else:
                words.append(rng.choice(WORDS))
        plaintext = " ".join(words)
        if len(plaintext.replace(" ", "")) > max_letters:
            continue
        key = "cipher:" + plaintext
        if held_out:
            if not is_held_out_key(key):
                continue
        elif any(_held_out_word(w) for w in words):
            continue
        ct = encipher(rng, plaintext)
        return {
            "key": key,
            "prompt": cipher_prompt(ct),
            "answer": plaintext,
            "trace": cipher_trace(ct),
            "record": {"ciphertext": ct, "plaintext": plaintext},
        }


# --------------------------------------------------------------------------- checks

_FINAL_RE = re.compile(r"Final answer:[ \t]*(.*)\Z")


def final_answer(text):
    """The text after 'Final answer:' on the last non-empty line, or None."""
    lines = [ln for ln in text.strip().split("\n") if ln.strip()]
    if not lines:
        return None
    m = _FINAL_RE.match(lines[-1].strip())
    return m.group(1).strip() if m else None


_TOKEN_RE = re.compile(r"\s*(\d+|[-+*/()])")


def eval_expression(expr):
    """Evaluates + - * / and parentheses over integers exactly; returns (value, numbers) or None."""
    pos, toks = 0, []
    expr = expr.strip()
    while pos < len(expr):
        m = _TOKEN_RE.match(expr, pos)
        if not m:
            return None
        toks.append(m.group(1))
        pos = m.end()
        while pos < len(expr) and expr[pos].isspace():
            pos += 1
    if not toks or len(toks) > 200:
        return None
    numbers = []
    i = 0

    def atom():
        nonlocal i
        if i >= len(toks):
            raise ValueError
        t = toks[i]
        if t == "(":
            i += 1
            v = add()
            if i >= len(toks) or toks[i] != ")":
                raise ValueError
            i += 1
            return v
        if t.isdigit():
            i += 1
            numbers.append(int(t))
            return Fraction(int(t))
        raise ValueError

    def mul():
        nonlocal i
        v = atom()
        while i < len(toks) and toks[i] in "*/":
            op = toks[i]
            i += 1
            w = atom()
            if op == "*":
                v *= w
            else:
                if w == 0:
                    raise ZeroDivisionError
                v /= w
        return v

    def add():
        nonlocal i
        v = mul()
        while i < len(toks) and toks[i] in "+-":
            op = toks[i]
            i += 1
            w = mul()
            v = v + w if op == "+" else v - w
        return v

    try:
        v = add()
    except (ValueError, ZeroDivisionError):
        return None
    if i != len(toks):
        return None
    return v, numbers


def check(family, problem, text):
    ans = final_answer(text)
    if ans is None:
        return False
    if family == "arithmetic":
        return re.fullmatch(r"-?\d+", ans) is not None and int(ans) == int(problem["answer"])
    if family in ("game24", "countdown"):
        r = eval_expression(ans)
        if r is None:
            return False
        value, used = r
        return value == problem["target"] and sorted(used) == sorted(problem["numbers"])
    if family == "cipher":
        return " ".join(ans.lower().split()) == problem["answer"]
    raise ValueError(family)


FAMILIES = ("arithmetic", "game24", "countdown", "cipher")


def generate(family, rng, held_out, **difficulty):
    """One problem with its trace; difficulty narrows the family's ranges (held-out sets only)."""
    if family == "arithmetic":
        while True:
            ex = gen_arith(rng, **difficulty)
            if is_held_out_key(ex["key"]) == held_out:
                return ex
    if family == "game24":
        return gen_game24(rng, held_out, **difficulty)
    if family == "countdown":
        return gen_countdown(rng, held_out, **difficulty)
    if family == "cipher":
        return gen_cipher(rng, held_out, **difficulty)
    raise ValueError(family)
