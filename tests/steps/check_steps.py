#!/usr/bin/env python3
"""An independent check of exported traces' steps, written apart from the C# step checkers.

Reads chat JSON Lines (`datafactory export --format chat`) and checks, with exact fractions:
- every `a op b = c` claim whose sides are plain arithmetic on numbers (any family);
- 24 game / countdown tries: each step's operands are still available, the printed remaining numbers
  are the real remaining multiset, and Yes/No matches whether the try reached the target;
- cipher: each `xy: (p+q)/2 = m -> l` line: the pair is the next one of the ciphertext, p and q are
  the pair's letter positions, m is their mean, and l is the m-th letter; each `Word:` is the letters since
  the last word, and a `Final answer:` the words decoded so far.
Prints one line per false step (`line N of trace T: ...`) and a summary; exits 1 when it found any.
Usage: check_steps.py traces.jsonl
"""
import json
import re
import sys
from collections import Counter
from fractions import Fraction

NUM = r"-?\d+(?:\.\d+)?"
CLAIM = re.compile(r"(?<![\w.^/])((?:\(*" + NUM + r"\)*\s*[-+*/]\s*)+\(*" + NUM + r"\)*)\s*=\s*(" + NUM + r")(?![\w.]|\s*[-+*/^(])")
PUZZLE = re.compile(r"Use the numbers ([\d ]+) to make (\d+)")
STEP = re.compile(r"^(" + NUM + r")\s*([-+*/])\s*(" + NUM + r")\s*=\s*(" + NUM + r")(?:\s*\(([^)]*)\))?")
CIPHER = re.compile(r"Decode the letter-pair cipher: (.+)$")
PAIR = re.compile(r"^([a-z])([a-z]): \((\d+)\+(\d+)\)/2 = (\d+) -> ([a-z])$")


def value(expression):
    """Evaluates + - * / and parentheses over numbers exactly; None when it is not plain arithmetic."""
    tokens = re.findall(r"\d+(?:\.\d+)?|[-+*/()]", expression)
    if "".join(tokens) != re.sub(r"\s+", "", expression):
        return None
    position = 0

    def atom():
        nonlocal position
        if position < len(tokens) and tokens[position] == "(":
            position += 1
            result = total()
            if position >= len(tokens) or tokens[position] != ")":
                raise ValueError
            position += 1
            return result
        if position < len(tokens) and tokens[position] == "-":
            position += 1
            return -atom()
        result = Fraction(tokens[position])
        position += 1
        return result

    def product():
        nonlocal position
        result = atom()
        while position < len(tokens) and tokens[position] in "*/":
            operator = tokens[position]
            position += 1
            right = atom()
            result = result * right if operator == "*" else result / right
        return result

    def total():
        nonlocal position
        result = product()
        while position < len(tokens) and tokens[position] in "+-":
            operator = tokens[position]
            position += 1
            right = product()
            result = result + right if operator == "+" else result - right
        return result

    try:
        result = total()
        return result if position == len(tokens) else None
    except (ValueError, ZeroDivisionError, IndexError):
        return None


def arithmetic_claims(line):
    for match in CLAIM.finditer(line):
        left = value(match.group(1))
        if left is not None and left != Fraction(match.group(2)):
            yield f"{match.group(0).strip()}: the left side is {left}"


def puzzle_steps(line, numbers, target):
    if not line.startswith("Try "):
        return
    available = Counter(numbers)
    parts = line[4:].split(", ")
    reached = None
    for part in parts:
        step = STEP.match(part.strip())
        if step is None:
            return
        a, operator, b, claimed = Fraction(step.group(1)), step.group(2), Fraction(step.group(3)), Fraction(step.group(4))
        need = Counter([a, b])
        if any(available[n] < k for n, k in need.items()):
            yield f"{part.strip()}: {step.group(1)} and {step.group(3)} are not both left"
            return
        result = value(f"{step.group(1)}{operator}{step.group(3)}")
        if result != claimed:
            yield f"{part.strip()}: {step.group(1)}{operator}{step.group(3)} is {result}"
            return
        available -= need
        available[claimed] += 1
        reached = claimed
        if step.group(5) is not None:
            printed = Counter(Fraction(n) for n in step.group(5).split())
            if printed != +available:
                yield f"{part.strip()}: the numbers left are {sorted(map(str, (+available).elements()))}"
                return
    verdict = line.rstrip().endswith("Yes.")
    if line.rstrip().endswith(("Yes.", "No.")) and reached is not None and (reached == target) != verdict:
        yield f"{line.strip()}: says {'Yes' if verdict else 'No'} having reached {reached} for {target}"


def cipher_steps(lines, ciphertext):
    pairs = [word[i:i + 2] for word in ciphertext.split() for i in range(0, len(word), 2)]
    index, word, words = 0, "", []
    for number, line in lines:
        pair = PAIR.match(line.strip())
        if pair:
            first, second, p, q, mean, letter = pair.groups()
            expected = pairs[index] if index < len(pairs) else None
            index += 1
            if expected != first + second:
                yield number, f"{line.strip()}: the next pair is {expected}"
            elif (int(p), int(q)) != (ord(first) - 96, ord(second) - 96):
                yield number, f"{line.strip()}: positions of {first}{second} are {ord(first) - 96}+{ord(second) - 96}"
            elif Fraction(int(p) + int(q), 2) != int(mean):
                yield number, f"{line.strip()}: ({p}+{q})/2 is {Fraction(int(p) + int(q), 2)}"
            elif chr(96 + int(mean)) != letter:
                yield number, f"{line.strip()}: letter {mean} is {chr(96 + int(mean))}"
            word += letter
        elif line.startswith("Word: "):
            if line[6:].strip() != word:
                yield number, f"{line.strip()}: the letters were {word}"
            words.append(word)
            word = ""
        elif line.startswith("Final answer: "):
            decoded = " ".join(words + ([word] if word else []))
            if line[len("Final answer: "):].strip() != decoded:
                yield number, f"{line.strip()}: the words decoded are {decoded}"


def main(path):
    false_steps = traces = 0
    with open(path, encoding="utf-8") as file:
        for trace_number, raw in enumerate(file, 1):
            messages = json.loads(raw)["messages"]
            prompt = next(m["content"] for m in messages if m["role"] == "user")
            answer = messages[-1]["content"]
            traces += 1
            lines = list(enumerate(answer.split("\n"), 1))
            found = []
            puzzle = PUZZLE.search(prompt)
            for number, line in lines:
                found += [(number, f) for f in arithmetic_claims(line) if not puzzle]
                if puzzle:
                    numbers = [Fraction(n) for n in puzzle.group(1).split()]
                    found += [(number, f) for f in puzzle_steps(line, numbers, Fraction(puzzle.group(2)))]
            cipher = CIPHER.search(prompt)
            if cipher:
                found += list(cipher_steps(lines, cipher.group(1).strip()))
            for number, finding in found[:1]:
                false_steps += 1
                print(f"line {number} of trace {trace_number}: {finding}")
    print(f"{traces} traces checked, {false_steps} with a false step")
    return 1 if false_steps else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
