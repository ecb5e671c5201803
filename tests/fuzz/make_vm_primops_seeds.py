#!/usr/bin/env python3
"""Writes the seed inputs of fuzz_vm_primops (data/fixtures/fuzz-seeds/vm_primops/).

    python3 tests/fuzz/make_vm_primops_seeds.py BUILD/tests/fuzz_vm_primops [OUTDIR]

The input format is described at the top of tests/fuzz/fuzz_vm_primops.cpp. Primops are
picked by their index in the target's table, which the target prints when
STGVM_FUZZ_LIST_OPS=1 is set; seeds name them, so regenerate them after the table changes.
"""
import os
import struct
import subprocess
import sys

target = sys.argv[1]
outdir = sys.argv[2] if len(sys.argv) > 2 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), '..', '..', 'data', 'fixtures', 'fuzz-seeds', 'vm_primops')

listing = subprocess.run([target], env=dict(os.environ, STGVM_FUZZ_LIST_OPS='1'), capture_output=True,
                         text=True, check=True).stdout.splitlines()
index, alloc = {}, []
for line in listing:
    f = line.split()
    if f[0] == 'alloc':
        alloc = [int(x) for x in f[1:]]
    else:
        index[f[1]] = int(f[0])
alloc_index = {name: alloc.index(k) for name, k in index.items() if k in alloc}


# Operand encodings (exact values, independent of the sizes at run time).
def I(v):  # an `i`/`w`/`r`/`c` operand with exactly this 64-bit value
    v &= (1 << 64) - 1
    if v < 0x100:
        return [0x60 + 13, v]
    if v < 0x10000:
        return [0x60 + 14] + list(struct.pack('<H', v))
    return [0x60 + 15] + list(struct.pack('<Q', v))


def EDGE(k):  # edge value number k of gen_int (5: 2^32+16, 8: n, 10: n+1, ...)
    return [0x60 + k]


def Z(v):  # a size for a new object (z, e)
    return [0x00, v] if v < 0x100 else [0xA0] + I(v)


def OBJ(k):  # the k-th object of the operand's type
    return [k]


def ALIGN(log2):
    return [log2]


def ADDR(k, off):  # byteArrayContents# of the k-th pinned byte array + off
    return [0, k] + I(off)


def ADDR_EDGE(k):  # fixed address number k (0: null, 3: runtime page, 4: block-heap state, 12: end of memory)
    return [5, k]


def STABLE(k):  # the k-th StablePtr# made so far
    return [k]


def program(allocs, ops):
    out = [len(allocs) - 1]
    for name, operands in allocs:
        out += [alloc_index[name]] + operands
    for name, operands in ops:
        out += [index[name]] + operands
    return bytes(out)


seeds = {
    'byte-arrays': program(
        [('newByteArray#', Z(64)), ('newPinnedByteArray#', Z(64))],
        [('writeWord8Array#', OBJ(0) + I(5) + I(0x2A)),
         ('writeIntArray#', OBJ(1) + I(7) + I(-1)),
         ('copyMutableByteArray#', OBJ(0) + I(0) + OBJ(1) + I(8) + I(56)),
         ('compareByteArrays#', OBJ(0) + I(0) + OBJ(1) + I(0) + I(64)),
         ('setByteArray#', OBJ(1) + I(60) + I(4) + I(0xAB)),
         ('readWord8ArrayAsInt64#', OBJ(1) + I(56)),
         ('fetchAddIntArray#', OBJ(0) + I(7) + I(3)),
         ('casIntArray#', OBJ(0) + I(7) + I(3) + I(9)),
         ('resizeMutableByteArray#', OBJ(0) + I(4000)),
         ('sizeofMutableByteArray#', OBJ(2)),
         ('shrinkMutableByteArray#', OBJ(2) + I(17)),
         ('readWord8ArrayAsWord64#', OBJ(2) + I(9)),
         ('copyByteArray#', OBJ(0) + I(16) + OBJ(1) + I(0) + EDGE(5))]),
    'arrays': program(
        [('newByteArray#', Z(16))],
        [('newArray#', Z(8) + OBJ(0)),
         ('newSmallArray#', Z(4) + OBJ(0)),
         ('writeArray#', OBJ(0) + I(7) + OBJ(0)),
         ('cloneArray#', OBJ(0) + I(2) + I(6)),
         ('copyMutableArray#', OBJ(0) + I(0) + OBJ(1) + I(1) + I(5)),
         ('casArray#', OBJ(1) + I(0) + OBJ(0) + OBJ(1)),
         ('thawSmallArray#', OBJ(0) + I(1) + I(3)),
         ('copySmallMutableArray#', OBJ(0) + I(0) + OBJ(1) + I(0) + I(3)),
         ('shrinkSmallMutableArray#', OBJ(1) + I(2)),
         ('readSmallArray#', OBJ(1) + I(1)),
         ('newArray#', Z(200) + OBJ(1)),
         ('freezeArray#', OBJ(2) + I(0) + EDGE(8)),
         ('cloneArray#', OBJ(0) + EDGE(2) + I(1))]),
    'addr': program(
        [('newPinnedByteArray#', Z(128)), ('newAlignedPinnedByteArray#', Z(200) + ALIGN(6))],
        [('writeWord64OffAddr#', ADDR(0, 8) + I(1) + I(0x1122334455667788)),
         ('readWord32OffAddr#', ADDR(0, 16) + I(1)),
         ('byteArrayContents#', OBJ(1)),
         ('copyByteArrayToAddr#', OBJ(0) + I(0) + ADDR(1, 100) + I(100)),
         ('copyAddrToByteArray#', ADDR(1, 0) + OBJ(0) + I(0) + I(128)),
         ('writeWord8ArrayAsAddr#', OBJ(0) + I(120) + I(0x20000)),
         ('readAddrArray#', OBJ(0) + I(15)),
         ('indexInt16OffAddr#', ADDR(0, 127) + I(0)),
         ('readWord8OffAddr#', ADDR_EDGE(12) + I(-1)),
         ('writeInt8OffAddr#', ADDR_EDGE(0) + I(0) + I(1))]),
    'vars': program(
        [('newMVar#', []), ('newByteArray#', Z(8))],
        [('newMutVar#', OBJ(0)),
         ('writeMutVar#', OBJ(0) + OBJ(1)),
         ('casMutVar#', OBJ(0) + OBJ(1) + OBJ(0)),
         ('atomicModifyMutVar2#', OBJ(0) + OBJ(1)),
         ('atomicModifyMutVar_#', OBJ(0) + OBJ(1)),
         ('tryPutMVar#', OBJ(0) + OBJ(1)),
         ('tryReadMVar#', OBJ(0)),
         ('tryTakeMVar#', OBJ(0)),
         ('makeStablePtr#', OBJ(1)),
         ('deRefStablePtr#', STABLE(0)),
         ('mkWeak#', OBJ(1) + OBJ(0) + OBJ(2)),
         ('deRefWeak#', OBJ(0)),
         ('finalizeWeak#', OBJ(0)),
         ('deRefStablePtr#', [0x80] + I(12345))]),
    'large': program(
        [('newByteArray#', [0x80, 8]), ('newAlignedPinnedByteArray#', Z(64) + ALIGN(16))],
        [('isByteArrayPinned#', OBJ(0)),
         ('setByteArray#', OBJ(0) + I(0) + EDGE(8) + I(0xFF)),
         ('copyMutableByteArrayToAddr#', OBJ(0) + I(0) + ADDR(1, 0) + I(64)),
         ('newByteArray#', Z(0xFFFF)),
         ('resizeMutableByteArray#', OBJ(2) + EDGE(6))]),
}

os.makedirs(outdir, exist_ok=True)
for name, data in seeds.items():
    with open(os.path.join(outdir, name), 'wb') as f:
        f.write(data)
    print(f'{name}: {len(data)} bytes')
