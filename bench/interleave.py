#!/usr/bin/env python3
"""Time commands interleaved run by run, so that the host's drift (other
load, frequency changes) falls on all of them alike; print each command's
median and fastest wall time in milliseconds.

    bench/interleave.py ROUNDS 'CMD' ['CMD' ...]

Each command is split as a shell would (shlex), without a shell; leading
NAME=VALUE words set environment variables for that command only. Output
is discarded. Two warm-up rounds are not counted.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time


def parse(command):
    words = shlex.split(command)
    env = dict(os.environ)
    while words and "=" in words[0] and not words[0].startswith(("/", ".")):
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    return words, env


def run(words, env):
    start = time.perf_counter()
    subprocess.run(words, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return (time.perf_counter() - start) * 1000


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    rounds = int(sys.argv[1])
    commands = sys.argv[2:]
    parsed = [parse(c) for c in commands]
    for _ in range(2):
        for words, env in parsed:
            run(words, env)
    times = [[] for _ in commands]
    for _ in range(rounds):
        for i, (words, env) in enumerate(parsed):
            times[i].append(run(words, env))
    for command, t in zip(commands, times):
        print(f"{statistics.median(t):8.1f} ms median {min(t):8.1f} ms fastest  {command}")


if __name__ == "__main__":
    main()
