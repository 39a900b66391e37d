#!/usr/bin/env python3
"""Generate op-cases.inc: expected results of every pure TCG op.

The semantics here are written independently of tcg/tcg-alu.c (Python
integers, no shared code), so the per-op tests check the C implementation
and every backend against a second reading of the IR's definition.
Edge inputs: 0, 1, -1, INT_MIN, INT_MAX, byte/halfword boundaries and two
mixed patterns; shift counts 0, 1, W-1 and a middle value; fields at both
edges.  Undefined inputs (division by zero, INT_MIN / -1) are not emitted.

The build runs it (tests/tcg/meson.build) and writes op-cases.inc into the
build directory, where test-tcg-ops.c includes it from:
    python3 tests/tcg/gen-op-cases.py > op-cases.inc
"""

CONDS = ['eq', 'ne', 'lt', 'ge', 'le', 'gt', 'ltu', 'geu', 'leu', 'gtu']
BSWAP_IZ, BSWAP_OZ, BSWAP_OS = 1, 2, 4


def mask(w):
    return (1 << w) - 1


def u(x, w):
    return x & mask(w)


def s(x, w):
    x = u(x, w)
    return x - (1 << w) if x >> (w - 1) else x


def edge_values(w):
    return [u(v, w) for v in [
        0, 1, 2, -1, 1 << (w - 1), (1 << (w - 1)) - 1, 0x7f, 0x80, 0xff,
        0x8000, 0xffff, 0x12345678, 0x0123456789abcdef, 0xfedcba9876543210,
    ]]


def few_values(w):
    return [u(v, w) for v in [0, 1, -1, 1 << (w - 1), 0x80, 0x12345678,
                              0xfedcba9876543210]]


def trunc_div(a, b):
    q = abs(a) // abs(b)
    return q if (a < 0) == (b < 0) else -q


def cond(c, a, b, w):
    ua, ub, sa, sb = u(a, w), u(b, w), s(a, w), s(b, w)
    return {'eq': ua == ub, 'ne': ua != ub, 'lt': sa < sb, 'ge': sa >= sb,
            'le': sa <= sb, 'gt': sa > sb, 'ltu': ua < ub, 'geu': ua >= ub,
            'leu': ua <= ub, 'gtu': ua > ub}[c]


def bswap(x, nbytes, w, flags):
    v = int.from_bytes(u(x, nbytes * 8).to_bytes(nbytes, 'little'), 'big')
    if nbytes * 8 >= w:
        return v
    if flags & BSWAP_OS:
        return u(s(v, nbytes * 8), w)
    return v


def clz(x, w):
    x = u(x, w)
    return w - x.bit_length()


def ctz(x):
    return (x & -x).bit_length() - 1


rows = []


def row(op, w, ins, outs, cargs=(0, 0)):
    name = '%s_i%d' % (op, w) if not op.endswith('_i64') and \
        not op.endswith('_i32') else op
    rows.append((name, ins, cargs, outs))


def binary_ops(w):
    vals = few_values(w)
    for a in vals:
        for b in vals:
            row('add', w, [a, b], [u(a + b, w)])
            row('sub', w, [a, b], [u(a - b, w)])
            row('and', w, [a, b], [a & b])
            row('or', w, [a, b], [a | b])
            row('xor', w, [a, b], [a ^ b])
            row('andc', w, [a, b], [u(a & ~b, w)])
            row('orc', w, [a, b], [u(a | ~b, w)])
            row('mul', w, [a, b], [u(a * b, w)])
            row('muluh', w, [a, b], [u((a * b) >> w, w)])
            row('mulsh', w, [a, b], [u((s(a, w) * s(b, w)) >> w, w)])
            row('mulu2', w, [a, b], [u(a * b, w), u((a * b) >> w, w)])
            p = s(a, w) * s(b, w)
            row('muls2', w, [a, b], [u(p, w), u(p >> w, w)])
            if b != 0:
                row('divu', w, [a, b], [a // b])
                row('remu', w, [a, b], [a % b])
                if not (s(a, w) == -(1 << (w - 1)) and s(b, w) == -1):
                    q = trunc_div(s(a, w), s(b, w))
                    row('div', w, [a, b], [u(q, w)])
                    row('rem', w, [a, b], [u(s(a, w) - q * s(b, w), w)])
            for c in CONDS:
                r = int(cond(c, a, b, w))
                rows.append(('setcond_i%d' % w, [a, b],
                             ('TCG_COND_' + c.upper(), 0), [r]))
                rows.append(('negsetcond_i%d' % w, [a, b],
                             ('TCG_COND_' + c.upper(), 0), [u(-r, w)]))
            rows.append(('movcond_i%d' % w, [a, b, 0x1111, 0x2222],
                         ('TCG_COND_LT', 0),
                         [0x1111 if cond('lt', a, b, w) else 0x2222]))
            rows.append(('movcond_i%d' % w, [a, b, a, b],
                         ('TCG_COND_GEU', 0),
                         [a if cond('geu', a, b, w) else b]))


def shift_ops(w):
    for a in edge_values(w):
        for n in [0, 1, w // 2 - 3, w - 1]:
            row('shl', w, [a, n], [u(a << n, w)])
            row('shr', w, [a, n], [a >> n])
            row('sar', w, [a, n], [u(s(a, w) >> n, w)])
            row('rotl', w, [a, n], [u((a << n) | (a >> ((w - n) % w)), w)])
            row('rotr', w, [a, n], [u((a >> n) | (a << ((w - n) % w)), w)])


def unary_ops(w):
    for a in edge_values(w):
        row('neg', w, [a], [u(-a, w)])
        row('not', w, [a], [u(~a, w)])
        row('ext8s', w, [a], [u(s(a, 8), w)])
        row('ext8u', w, [a], [a & 0xff])
        row('ext16s', w, [a], [u(s(a, 16), w)])
        row('ext16u', w, [a], [a & 0xffff])
        row('ctpop', w, [a], [bin(a).count('1')])
        row('clz', w, [a, 99], [clz(a, w) if a else 99])
        row('ctz', w, [a, 77], [ctz(a) if a else 77])
        row('clz', w, [a, w], [clz(a, w) if a else w])
        # with neither OZ nor OS the high bits are unspecified: not tested
        for fl in [BSWAP_OZ, BSWAP_OS]:
            rows.append(('bswap16_i%d' % w, [a], (fl, 0),
                         [bswap(a, 2, w, fl)]))
            if w == 64:
                rows.append(('bswap32_i64', [a], (fl, 0),
                             [bswap(a, 4, w, fl)]))
        if w == 32:
            rows.append(('bswap32_i32', [a], (0, 0), [bswap(a, 4, w, 0)]))
        else:
            rows.append(('bswap64_i64', [a], (0, 0), [bswap(a, 8, w, 0)]))
            row('ext32s', w, [a], [u(s(a, 32), w)])
            row('ext32u', w, [a], [a & 0xffffffff])
            rows.append(('extrl_i64_i32', [a], (0, 0), [a & 0xffffffff]))
            rows.append(('extrh_i64_i32', [a], (0, 0), [a >> 32]))
        if w == 32:
            rows.append(('extu_i32_i64', [a], (0, 0), [a]))
            rows.append(('ext_i32_i64', [a], (0, 0), [u(s(a, 32), 64)]))


def field_ops(w):
    fields = [(0, 1), (0, 8), (0, w - 1), (0, w), (1, w - 1), (w - 1, 1),
              (w // 2, w // 4), (3, 5), (w - 8, 8)]
    base = u(0x0123456789abcdef, w)
    for a in [base, u(-1, w), 0, u(0x8000000080000000, w)]:
        for pos, ln in fields:
            fm = mask(ln)
            rows.append(('extract_i%d' % w, [a], (pos, ln), [(a >> pos) & fm]))
            rows.append(('sextract_i%d' % w, [a], (pos, ln),
                         [u(s((a >> pos) & fm, ln), w)]))
            for b in [u(-1, w), u(0xa5a5a5a5a5a5a5a5, w)]:
                d = (a & ~(fm << pos)) | ((b & fm) << pos)
                rows.append(('deposit_i%d' % w, [a, b], (pos, ln), [u(d, w)]))
        for pos in [0, 1, w // 2, w - 1]:
            hi = u(0xfedcba9876543210, w)
            rows.append(('extract2_i%d' % w, [a, hi], (pos, 0),
                         [u(((hi << w) | a) >> pos, w)]))


def double_ops(w):
    vals = few_values(w)
    for al in vals:
        for bl in vals[:4]:
            for ah, bh in [(0, 0), (u(-1, w), 1), (5, u(-7, w))]:
                lo = u(al + bl, w)
                carry = (al + bl) >> w
                row('add2', w, [al, ah, bl, bh], [lo, u(ah + bh + carry, w)])
                lo = u(al - bl, w)
                borrow = 1 if al < bl else 0
                row('sub2', w, [al, ah, bl, bh], [lo, u(ah - bh - borrow, w)])


for w in (32, 64):
    binary_ops(w)
    shift_ops(w)
    unary_ops(w)
    field_ops(w)
    double_ops(w)

# Ops that exist at one type carry their width in their name (see
# tcg-opc.def); the op's type is its output's.
SINGLE_TYPE = {'ext32s_i64': 64, 'ext32u_i64': 64, 'bswap64_i64': 64,
               'extu_i32_i64': 64, 'ext_i32_i64': 64,
               'extrl_i64_i32': 32, 'extrh_i64_i32': 32}


def op_and_type(name):
    """The opcode name and TCGType of a row named like "add_i32"."""
    if name in SINGLE_TYPE:
        return name, 'TCG_TYPE_I%d' % SINGLE_TYPE[name]
    op, w = name.rsplit('_i', 1)
    return op, 'TCG_TYPE_I' + w


print('/* Generated by tests/tcg/gen-op-cases.py; do not edit. */')
for name, ins, cargs, outs in rows:
    ins = list(ins) + [0] * (4 - len(ins))
    outs = list(outs) + [0] * (2 - len(outs))
    print('{INDEX_op_%s, %s, {%s}, {%s}, {%s}},' % (
        *op_and_type(name), ', '.join('0x%xull' % v for v in ins),
        ', '.join(str(c) for c in cargs),
        ', '.join('0x%xull' % v for v in outs)))
