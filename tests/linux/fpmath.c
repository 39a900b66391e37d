/*
 * Floating-point userspace workload for tests/linux/linux-fpmath.py: a
 * statically linked program (built with the host's gcc -static) whose
 * output must be byte for byte the same on the host and inside the Linux
 * guest booted on Peregrine.  It exercises what C programs do with
 * floating point: printf/strtod conversions (%a, %.17g, %Lg ...), libm
 * for float, double and long double (the long double functions run on the
 * x87, e.g. expl/powl use F2XM1/FYL2X/FSCALE), fma, lgamma/tgamma, the
 * four rounding modes through fesetround, and the exception flags.
 *
 * Invariants: the output depends only on the arithmetic (no addresses,
 * times or CPU names); every input comes from a fixed-seed generator; a
 * long double contributes its 10 value bytes, never its padding.  Sweeps
 * print one FNV-1a hash per function so that thousands of results fit in
 * a line; the hand-picked cases print their values.
 *
 * glibc picks some libm variants by CPUID (FMA/AVX2 versions of sin, exp,
 * pow ...; they may differ in the last bit).  The guest CPU has neither,
 * so the host run masks them (GLIBC_TUNABLES, see linux-fpmath.py).
 *
 * Usage: fpmath [no-x87-transcendentals]; the option leaves out the sweeps
 * of the long double functions that glibc builds on FPATAN, F2XM1, FYL2X
 * and FYL2XP1 (the QEMU run: QEMU computes those instructions in software
 * and its results differ from hardware's in the last bits).
 */
#include <fenv.h>
#include <float.h>
#include <inttypes.h>
#include <stdbool.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SWEEP 1000 /* inputs per function and rounding mode */

static const struct {
    int mode;
    const char *name;
} modes[] = {
    {FE_TONEAREST, "nearest"},
    {FE_UPWARD, "upward"},
    {FE_DOWNWARD, "downward"},
    {FE_TOWARDZERO, "towardzero"},
};

/* -- Inputs: splitmix64 ------------------------------------------------- */

static uint64_t rng_state;

static uint64_t next64(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double bits_to_double(uint64_t b)
{
    double d;

    memcpy(&d, &b, sizeof(d));
    return d;
}

/* A double biased to what libm gets wrong: huge, tiny, denormal, special,
 * near integers and near multiples of pi/2. */
static double rand_double(void)
{
    static const double special[] = {
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        2.0,
        INFINITY,
        -INFINITY,
        NAN,
        DBL_MIN,
        DBL_TRUE_MIN,
        DBL_MAX,
        -DBL_MAX,
        1e22,
        1e300,
        710.0,
        -745.0,
        1.5707963267948966,
        3.141592653589793,
        0x1p-1074,
        170.5,
        -0.5,
    };
    uint64_t r = next64();
    double u = (double)(r >> 11) * 0x1p-53;

    switch (r & 7) {
    case 0:
        return special[(r >> 3) % (sizeof(special) / sizeof(special[0]))];
    case 1:
        return bits_to_double(next64());
    case 2:
        return (u - 0.5) * 20.0;
    case 3:
        return u * 1000.0;
    case 4:
        return ldexp(u, (int)((r >> 3) % 2100) - 1075);
    case 5:
        return round(u * 64.0) * 0.7853981633974483 + (u - 0.5) * 1e-9;
    default:
        return (u - 0.5) * 4.0;
    }
}

static long double rand_ldouble(void)
{
    long double x = rand_double();

    if ((next64() & 3) == 0) {
        x += (long double)rand_double() * 0x1p-60L;
    }
    return x;
}

/* -- Result hashing -------------------------------------------------------- */

static uint64_t hash;

static void hash_bytes(const void *p, size_t n)
{
    const unsigned char *b = p;

    for (size_t i = 0; i < n; i++) {
        hash = (hash ^ b[i]) * 0x100000001b3ull;
    }
}

static void hash_f(float x)
{
    hash_bytes(&x, sizeof(x));
}
static void hash_d(double x)
{
    hash_bytes(&x, sizeof(x));
}
static void hash_ld(long double x)
{
    hash_bytes(&x, 10);
}
static void hash_i(long x)
{
    hash_bytes(&x, sizeof(x));
}

/* -- Sweeps: one hash per function -------------------------------------- */

typedef enum { F1, F2, D1, D2, D3, L1, L2, L3, LGAMMA, LGAMMAL } Kind;

static const struct Fn {
    const char *name;
    Kind kind;
    bool x87t; /* glibc computes it with x87 transcendental instructions */
    float (*f1)(float);
    float (*f2)(float, float);
    double (*d1)(double);
    double (*d2)(double, double);
    double (*d3)(double, double, double);
    long double (*l1)(long double);
    long double (*l2)(long double, long double);
    long double (*l3)(long double, long double, long double);
} fns[] = {
    {"sinf", F1, .f1 = sinf},
    {"cosf", F1, .f1 = cosf},
    {"expf", F1, .f1 = expf},
    {"logf", F1, .f1 = logf},
    {"sqrtf", F1, .f1 = sqrtf},
    {"powf", F2, .f2 = powf},
    {"sin", D1, .d1 = sin},
    {"cos", D1, .d1 = cos},
    {"tan", D1, .d1 = tan},
    {"asin", D1, .d1 = asin},
    {"acos", D1, .d1 = acos},
    {"atan", D1, .d1 = atan},
    {"exp", D1, .d1 = exp},
    {"exp2", D1, .d1 = exp2},
    {"expm1", D1, .d1 = expm1},
    {"log", D1, .d1 = log},
    {"log2", D1, .d1 = log2},
    {"log10", D1, .d1 = log10},
    {"log1p", D1, .d1 = log1p},
    {"sqrt", D1, .d1 = sqrt},
    {"cbrt", D1, .d1 = cbrt},
    {"sinh", D1, .d1 = sinh},
    {"cosh", D1, .d1 = cosh},
    {"tanh", D1, .d1 = tanh},
    {"erf", D1, .d1 = erf},
    {"erfc", D1, .d1 = erfc},
    {"tgamma", D1, .d1 = tgamma},
    {"floor", D1, .d1 = floor},
    {"ceil", D1, .d1 = ceil},
    {"rint", D1, .d1 = rint},
    {"nearbyint", D1, .d1 = nearbyint},
    {"round", D1, .d1 = round},
    {"trunc", D1, .d1 = trunc},
    {"pow", D2, .d2 = pow},
    {"atan2", D2, .d2 = atan2},
    {"hypot", D2, .d2 = hypot},
    {"fmod", D2, .d2 = fmod},
    {"remainder", D2, .d2 = remainder},
    {"fma", D3, .d3 = fma},
    {"lgamma", LGAMMA},
    {"sinl", L1, .l1 = sinl},
    {"cosl", L1, .l1 = cosl},
    {"tanl", L1, .l1 = tanl},
    {"sqrtl", L1, .l1 = sqrtl},
    {"cbrtl", L1, .l1 = cbrtl},
    {"rintl", L1, .l1 = rintl},
    {"fmodl", L2, .l2 = fmodl},
    {"remainderl", L2, .l2 = remainderl},
    {"fmal", L3, .l3 = fmal},
    {"atanl", L1, .x87t = true, .l1 = atanl},
    {"expl", L1, .x87t = true, .l1 = expl},
    {"exp2l", L1, .x87t = true, .l1 = exp2l},
    {"expm1l", L1, .x87t = true, .l1 = expm1l},
    {"logl", L1, .x87t = true, .l1 = logl},
    {"log2l", L1, .x87t = true, .l1 = log2l},
    {"log10l", L1, .x87t = true, .l1 = log10l},
    {"log1pl", L1, .x87t = true, .l1 = log1pl},
    {"tgammal", L1, .x87t = true, .l1 = tgammal},
    {"powl", L2, .x87t = true, .l2 = powl},
    {"atan2l", L2, .x87t = true, .l2 = atan2l},
    {"lgammal", LGAMMAL, .x87t = true},
};

/* Hash SWEEP results of FN in the current rounding mode. */
static void sweep(const struct Fn *fn)
{
    for (int i = 0; i < SWEEP; i++) {
        double a = rand_double(), b = rand_double(), c = rand_double();
        long double la = rand_ldouble(), lb = rand_ldouble();
        long double lc = rand_ldouble();

        switch (fn->kind) {
        case F1:
            hash_f(fn->f1((float)a));
            break;
        case F2:
            hash_f(fn->f2((float)a, (float)b));
            break;
        case D1:
            hash_d(fn->d1(a));
            break;
        case D2:
            hash_d(fn->d2(a, b));
            break;
        case D3:
            hash_d(fn->d3(a, b, c));
            break;
        case L1:
            hash_ld(fn->l1(la));
            break;
        case L2:
            hash_ld(fn->l2(la, lb));
            break;
        case L3:
            hash_ld(fn->l3(la, lb, lc));
            break;
        case LGAMMA:
            hash_d(lgamma(a));
            hash_i(signgam);
            break;
        case LGAMMAL:
            hash_ld(lgammal(la));
            hash_i(signgam);
            break;
        }
    }
}

/* Sweep every function in every rounding mode; with SKIP_X87T, leave out
 * the ones built on the x87 transcendental instructions. */
static void print_sweeps(bool skip_x87t)
{
    for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        printf("sweep %s:", modes[m].name);
        for (size_t f = 0; f < sizeof(fns) / sizeof(fns[0]); f++) {
            if (skip_x87t && fns[f].x87t) {
                continue;
            }
            rng_state = 0x5eed0000 + f;
            hash = 0xcbf29ce484222325ull;
            fesetround(modes[m].mode);
            sweep(&fns[f]);
            fesetround(FE_TONEAREST);
            printf("%s%s=%016" PRIx64, f % 4 ? " " : "\n  ", fns[f].name, hash);
        }
        printf("\n");
    }
}

/* -- Hand-picked values, printed ------------------------------------------- */

static void print_values(void)
{
    static const double d[] = {
        0.1,
        1.0 / 3.0,
        2.0 / 3.0,
        1e23,
        5e-324,
        2.2250738585072014e-308,
        1.7976931348623157e308,
        123456789.125,
        -0.0,
        0.5,
        9007199254740993.0,
    };
    volatile long double third = 1.0L;

    for (size_t i = 0; i < sizeof(d) / sizeof(d[0]); i++) {
        printf("%a %.17g %.3e %g %.20f\n", d[i], d[i], d[i], d[i], d[i]);
    }
    printf("sin(1e22)=%.17g cos(1e22)=%.17g sin(0x1p1000)=%a\n", sin(1e22),
           cos(1e22), sin(0x1p1000));
    printf("exp(1)=%.17g log(10)=%.17g pow(2,0.5)=%.17g sqrt(2)=%a\n", exp(1.0),
           log(10.0), pow(2.0, 0.5), sqrt(2.0));
    printf("fma(0x1p-60+1, 1-0x1p-60, -1)=%a\n",
           fma(1.0 + 0x1p-60, 1.0 - 0x1p-60, -1.0));
    printf("lgamma(-2.5)=%.17g signgam=%d tgamma(0.5)=%.17g tgamma(171.5)=%g\n",
           lgamma(-2.5), signgam, tgamma(0.5), tgamma(171.5));
    third /= 3.0L;
    printf("1/3L=%La %.25Lg %Lg %Le\n", (long double)third, (long double)third,
           (long double)third, (long double)third);
    printf("sinl(1)=%.21Lg cosl(1e4)=%.21Lg expl(1)=%.21Lg expl(-11000)=%Lg\n",
           sinl(1.0L), cosl(1e4L), expl(1.0L), expl(-11000.0L));
    printf("powl(3,0.5)=%.21Lg powl(10,4931)=%Lg powl(2,-16445)=%La\n",
           powl(3.0L, 0.5L), powl(10.0L, 4931.0L), powl(2.0L, -16445.0L));
    printf("logl(2)=%.21Lg sqrtl(2)=%La LDBL_MAX=%Lg LDBL_TRUE_MIN=%La\n",
           logl(2.0L), sqrtl(2.0L), LDBL_MAX, LDBL_TRUE_MIN);
}

/* -- Rounding modes and exception flags ----------------------------------- */

static void print_flags(void)
{
    int e = fetestexcept(FE_ALL_EXCEPT);

    printf(" [%s%s%s%s%s]", e & FE_INVALID ? "i" : "",
           e & FE_DIVBYZERO ? "z" : "", e & FE_OVERFLOW ? "o" : "",
           e & FE_UNDERFLOW ? "u" : "", e & FE_INEXACT ? "x" : "");
    feclearexcept(FE_ALL_EXCEPT);
}

static void print_rounding(void)
{
    volatile double one = 1.0, three = 3.0, big = DBL_MAX, tiny = DBL_MIN;
    volatile double zero = 0.0, two = 2.0;
    volatile long double lone = 1.0L, lthree = 3.0L;
    volatile float fone = 1.0f, fthree = 3.0f;

    for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
        fesetround(modes[m].mode);
        feclearexcept(FE_ALL_EXCEPT);
        printf("%s: get=%d", modes[m].name, fegetround() == modes[m].mode);
        printf(" 1/3=%a", one / three);
        print_flags();
        printf(" -1/3=%a", -one / three);
        printf(" 1/3f=%a", (double)(fone / fthree));
        printf(" 1/3L=%La", lone / lthree);
        print_flags();
        printf("\n  max*2=%a", big * two);
        print_flags();
        printf(" min/3=%a", tiny / three);
        print_flags();
        printf(" 1/0=%a", one / zero);
        print_flags();
        printf(" 0/0 is nan=%d", isnan(zero / zero));
        print_flags();
        printf(" sqrt(-1) is nan=%d", isnan(sqrt(-one)));
        print_flags();
        printf("\n  sqrt(2)=%a sqrtl(2)=%La rint(2.5)=%g rint(-2.5)=%g "
               "lrint(-3.5)=%ld llrintl(2.5)=%lld nearbyint(0.5)=%g\n",
               sqrt(two), sqrtl(2.0L * lone), rint(2.5 * one), rint(-2.5 * one),
               lrint(-3.5 * one), llrintl(2.5L * lone), nearbyint(0.5 * one));
        printf("  (float)0.1=%a (int)-2.7=%d strtod(0.1)=%a strtod(1e400)=%a "
               "strtod(2.4703282292062328e-324)=%a\n",
               (double)(float)(0.1 * one), (int)(-2.7 * one),
               strtod("0.1", NULL), strtod("1e400", NULL),
               strtod("2.4703282292062328e-324", NULL));
        printf("  printf 2/3=%.5f %.0f %.20f 1/3L=%.22Lf strtold(0.1)=%La\n",
               2.0 / three, 2.5 * one, one / three, lone / lthree,
               strtold("0.1", NULL));
        printf("  exp(1)=%a log(3)=%a sinl(3)=%La expl(0.5)=%La "
               "powl(2,0.3)=%La\n",
               exp(one), log(three), sinl(lthree), expl(0.5L * lone),
               powl(2.0L, 0.3L * lone));
    }
    fesetround(FE_TONEAREST);
}

/* -- Decimal round trips ---------------------------------------------- */

static void print_round_trips(void)
{
    unsigned bad = 0, badl = 0, n = 20000;
    char buf[64];

    rng_state = 0x7e57;
    hash = 0xcbf29ce484222325ull;
    for (unsigned i = 0; i < n; i++) {
        double x = rand_double(), y;
        long double lx = rand_ldouble(), ly;

        snprintf(buf, sizeof(buf), "%.17g", x);
        hash_bytes(buf, strlen(buf));
        y = strtod(buf, NULL);
        bad += memcmp(&x, &y, sizeof(x)) != 0 && !(isnan(x) && isnan(y));
        snprintf(buf, sizeof(buf), "%.21Lg", lx);
        hash_bytes(buf, strlen(buf));
        ly = strtold(buf, NULL);
        badl += memcmp(&lx, &ly, 10) != 0 && !(isnan(lx) && isnan(ly));
        snprintf(buf, sizeof(buf), "%a", x);
        hash_bytes(buf, strlen(buf));
        y = strtod(buf, NULL);
        bad += memcmp(&x, &y, sizeof(x)) != 0 && !(isnan(x) && isnan(y));
    }
    printf("round trips: %u doubles, %u failed; %u long doubles, %u failed; "
           "text hash %016" PRIx64 "\n",
           2 * n, bad, n, badl, hash);
}

/* Usage: fpmath [no-x87-transcendentals] */
int main(int argc, char **argv)
{
    bool skip_x87t = argc > 1 && !strcmp(argv[1], "no-x87-transcendentals");

    printf("fpmath begin\n");
    print_values();
    print_rounding();
    print_round_trips();
    print_sweeps(skip_x87t);
    printf("fpmath end\n");
    return 0;
}
