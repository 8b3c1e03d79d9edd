/* The hot loops of dedup fingerprints, in C (cleaners.dedup._kernels): each reads its
 * input once, where numpy took a pass per operation, and runs without the GIL.
 *
 * splitmix: splitmix64's finaliser over uint64 values, the one bit mixer of dedup.
 *
 * scan: the words of a batch of texts in one pass over its code points. A word is a run of code points whose flags hold the letter-or-digit bit. For each word
 * the scan gives what `_words.analyse_batch` needs and numpy would take a dozen passes
 * over every code point to compute:
 *   - its span (start, end) in the text;
 *   - the sum of folded code point x weight of its place (places past the last weight
 *     count as the last), wrapping as uint64: the word's hash before the final mix;
 *   - its head counts: of its first `head` code points, how many are upper case (low
 *     byte), lower case (second byte) and not letters (third byte), in a uint32;
 *   - the OR of all its code points' flags;
 *   - whether it starts a sentence: the first word, or the first after a mark;
 *   - which text it belongs to: how many separators (code point 0) come before it.
 * The flag bits and the tables are Python's (`_codepoints`), passed in, so that there is
 * one definition of each; the tables are filled lazily, so the scan stops at a code point
 * they do not know yet, for Python to classify.
 *
 * letters: the case-folded letters and digits of a batch of texts, mixed, for the
 * character shingles.
 *
 * common: how many values two sorted arrays of unique values share; members: which values
 * a sorted array holds.
 *
 * matching_blocks: difflib.SequenceMatcher's matching blocks of two sequences of integers
 * (no junk, autojunk off), found as difflib finds them, so the blocks are the same: the
 * word alignment of a spun copy with its original (cleaners.spun._align).
 *
 * shingle: each text's shingle hashes (runs of `size` token hashes, or the whole text when
 * it is shorter) and its MinHash signature over those it signs: the shingles holding a
 * telling token, or all of a text that has none.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define FOLDS 0x110000

static inline uint64_t mix(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

typedef struct {
    uint8_t alnum, alpha, upper, lower, mark, known;
} Bits;

typedef struct {
    int64_t *spans, *docs;
    uint64_t *sums;
    uint32_t *heads;
    uint8_t *ors, *starts;
} Out;

enum { SCANNED, UNKNOWN, OUTSIDE };

/* Fills `out` (room for a word per two code points) and counts the words; stops at a code
 * point outside Unicode or one the flags table does not know yet. */
static int scan_words(const uint32_t *codes, Py_ssize_t n, const uint8_t *flags,
                      const uint32_t *folds, const uint64_t *weights, Py_ssize_t last,
                      Bits bits, Py_ssize_t *words, const Out *out) {
    Py_ssize_t i = 0, word = 0;
    int after_mark = 1;
    int64_t doc = 0;
    while (i < n) {
        uint8_t f;
        for (; i < n; i++) {
            if (codes[i] >= FOLDS) return OUTSIDE;
            f = flags[codes[i]];
            if (!(f & bits.known)) return UNKNOWN;
            if (f & bits.alnum) break;
            after_mark |= (f & bits.mark) != 0;
            doc += codes[i] == 0;
        }
        if (i == n) break;
        const Py_ssize_t start = i;
        uint64_t sum = 0;
        uint32_t head = 0;
        uint8_t any = 0;
        for (Py_ssize_t place = 0; i < n; i++, place++) {
            if (codes[i] >= FOLDS) return OUTSIDE;
            f = flags[codes[i]];
            if (!(f & bits.known)) return UNKNOWN;
            if (!(f & bits.alnum)) break;
            if (place < last) {
                sum += (uint64_t)folds[codes[i]] * weights[place];
                head += ((f & bits.upper) ? 0x1u : 0u) + ((f & bits.lower) ? 0x100u : 0u) +
                        ((f & bits.alpha) ? 0u : 0x10000u);
            } else {
                sum += (uint64_t)folds[codes[i]] * weights[last];
            }
            any |= f;
        }
        out->spans[2 * word] = start;
        out->spans[2 * word + 1] = i;
        out->sums[word] = sum;
        out->heads[word] = head;
        out->ors[word] = any;
        out->starts[word] = (uint8_t)after_mark;
        out->docs[word] = doc;
        after_mark = 0;
        word++;
    }
    *words = word;
    return SCANNED;
}

static int get_buffer(PyObject *object, Py_buffer *view, Py_ssize_t itemsize, const char *name) {
    if (PyObject_GetBuffer(object, view, PyBUF_C_CONTIGUOUS) < 0) return -1;
    if (view->len % itemsize) {
        PyErr_Format(PyExc_ValueError, "%s: %zd bytes is not a whole number of %zd-byte items",
                     name, view->len, itemsize);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

static PyObject *new_array(Py_ssize_t bytes) {
    return PyByteArray_FromStringAndSize(NULL, bytes);
}

PyDoc_STRVAR(scan_doc,
"scan(codes, flags, folds, weights, bits) -> (spans, sums, heads, ors, starts, docs) | None\n\n"
"codes: uint32 code points; flags: the uint8 flags of every Unicode code point; folds:\n"
"the uint32 fold of every code point; weights: uint64 per place in a word, the last for\n"
"every place after; bits: (letter or digit, letter, upper, lower, mark, known) flag bits.\n"
"Returns bytearrays: int64 (start, end) pairs, uint64 sums, uint32 head counts, uint8\n"
"flag ORs, uint8 sentence starts and int64 text numbers, one item (or pair) per word; or\n"
"None when a code point's flags lack the known bit (classify it, then scan again).");

static PyObject *scan(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *codes_object, *flags_object, *folds_object, *weights_object;
    Bits bits;
    if (!PyArg_ParseTuple(args, "OOOO(bbbbbb):scan", &codes_object, &flags_object,
                          &folds_object, &weights_object, &bits.alnum, &bits.alpha, &bits.upper,
                          &bits.lower, &bits.mark, &bits.known))
        return NULL;
    PyObject *result = NULL;
    Py_buffer codes, flags, folds, weights;
    if (get_buffer(codes_object, &codes, 4, "codes") < 0) return NULL;
    if (get_buffer(flags_object, &flags, 1, "flags") < 0) goto release_codes;
    if (get_buffer(folds_object, &folds, 4, "folds") < 0) goto release_flags;
    if (get_buffer(weights_object, &weights, 8, "weights") < 0) goto release_folds;
    if (flags.len != FOLDS || folds.len / 4 != FOLDS || weights.len < 8) {
        PyErr_SetString(PyExc_ValueError,
                        "scan: a flag and a fold per Unicode code point and at least one "
                        "weight are needed");
        goto release_all;
    }
    const Py_ssize_t n = codes.len / 4, last = weights.len / 8 - 1, room = (n + 1) / 2;
    PyObject *spans = new_array(16 * room), *sums = new_array(8 * room),
             *heads = new_array(4 * room), *ors = new_array(room), *starts = new_array(room),
             *docs = new_array(8 * room);
    if (spans && sums && heads && ors && starts && docs) {
        const Out out = {
            .spans = (int64_t *)PyByteArray_AS_STRING(spans),
            .docs = (int64_t *)PyByteArray_AS_STRING(docs),
            .sums = (uint64_t *)PyByteArray_AS_STRING(sums),
            .heads = (uint32_t *)PyByteArray_AS_STRING(heads),
            .ors = (uint8_t *)PyByteArray_AS_STRING(ors),
            .starts = (uint8_t *)PyByteArray_AS_STRING(starts),
        };
        Py_ssize_t words = 0;
        int state;
        Py_BEGIN_ALLOW_THREADS
        state = scan_words(codes.buf, n, flags.buf, folds.buf, weights.buf, last, bits, &words,
                           &out);
        Py_END_ALLOW_THREADS
        if (state == OUTSIDE) {
            PyErr_SetString(PyExc_ValueError, "scan: a code point is outside Unicode");
        } else if (state == UNKNOWN) {
            result = Py_NewRef(Py_None);
        } else if (PyByteArray_Resize(spans, 16 * words) == 0 &&
                   PyByteArray_Resize(sums, 8 * words) == 0 &&
                   PyByteArray_Resize(heads, 4 * words) == 0 &&
                   PyByteArray_Resize(ors, words) == 0 &&
                   PyByteArray_Resize(starts, words) == 0 &&
                   PyByteArray_Resize(docs, 8 * words) == 0) {
            result = PyTuple_Pack(6, spans, sums, heads, ors, starts, docs);
        }
    }
    Py_XDECREF(spans);
    Py_XDECREF(sums);
    Py_XDECREF(heads);
    Py_XDECREF(ors);
    Py_XDECREF(starts);
    Py_XDECREF(docs);
release_all:
    PyBuffer_Release(&weights);
release_folds:
    PyBuffer_Release(&folds);
release_flags:
    PyBuffer_Release(&flags);
release_codes:
    PyBuffer_Release(&codes);
    return result;
}

PyDoc_STRVAR(splitmix_doc,
"splitmix(values) -> bytearray\n\n"
"splitmix64's finaliser of each uint64 in `values`, as uint64s.");

static PyObject *splitmix(PyObject *Py_UNUSED(self), PyObject *values_object) {
    Py_buffer values;
    if (get_buffer(values_object, &values, 8, "values") < 0) return NULL;
    PyObject *mixed = new_array(values.len);
    if (mixed) {
        const uint64_t *in = values.buf;
        uint64_t *out = (uint64_t *)PyByteArray_AS_STRING(mixed);
        const Py_ssize_t n = values.len / 8;
        Py_BEGIN_ALLOW_THREADS
        for (Py_ssize_t i = 0; i < n; i++) out[i] = mix(in[i]);
        Py_END_ALLOW_THREADS
    }
    PyBuffer_Release(&values);
    return mixed;
}

typedef struct {
    const uint64_t *tokens, *positions, *multipliers, *offsets;
    const int64_t *counts;
    const uint8_t *telling;
    Py_ssize_t texts, size, perms;
} ShingleIn;

/* Shingles of every text into `shingles` (room for one per token), how many are each
 * text's into `made`, signatures into `signatures` (texts x perms); `told` is scratch,
 * one flag per shingle. */
static void shingle_texts(ShingleIn in, uint64_t *shingles, int64_t *made, uint64_t *signatures,
                          uint8_t *told) {
    Py_ssize_t first = 0;  /* the text's first token */
    uint64_t *out = shingles;
    for (Py_ssize_t t = 0; t < in.texts; t++) {
        const Py_ssize_t n = in.counts[t];
        const uint64_t *tokens = in.tokens + first;
        const uint8_t *telling = in.telling + first;
        const Py_ssize_t width = n < in.size ? n : in.size;
        const Py_ssize_t count = n ? n - width + 1 : 0;
        int any_told = 0;
        Py_ssize_t window = 0;  /* telling tokens in the current window */
        for (Py_ssize_t o = 0; o < width - 1; o++) window += telling[o];
        for (Py_ssize_t j = 0; j < count; j++) {
            uint64_t combined = 0;
            for (Py_ssize_t o = 0; o < width; o++) combined += tokens[j + o] * in.positions[o];
            out[j] = mix(combined);
            window += telling[j + width - 1];
            /* A text shorter than a shingle is one shingle, always signed. */
            told[j] = n < in.size || window > 0;
            any_told |= told[j];
            window -= telling[j];
        }
        uint64_t *signature = signatures + t * in.perms;
        for (Py_ssize_t k = 0; k < in.perms; k++) signature[k] = UINT64_MAX;
        for (Py_ssize_t j = 0; j < count; j++) {
            if (any_told && !told[j]) continue;
            const uint64_t value = out[j];
            for (Py_ssize_t k = 0; k < in.perms; k++) {
                const uint64_t permuted = value * in.multipliers[k] + in.offsets[k];
                signature[k] = permuted < signature[k] ? permuted : signature[k];
            }
        }
        made[t] = count;
        out += count;
        first += n;
    }
}

PyDoc_STRVAR(shingle_doc,
"shingle(tokens, counts, telling, size, positions, multipliers, offsets)\n"
"    -> (shingles, made, signatures)\n\n"
"tokens: uint64 token hashes, text after text, `counts` (int64) of each; telling: a uint8\n"
"per token; positions: a uint64 multiplier per place in a shingle (at least `size`);\n"
"multipliers, offsets: uint64 per MinHash permutation. A shingle hashes the sum of its\n"
"tokens times their places' multipliers. Returns bytearrays: uint64 shingle hashes in\n"
"text order, int64 shingles per text, and uint64 signatures (texts x permutations, the\n"
"minimum of shingle x multiplier + offset; all ones for a text with no shingle).");

static PyObject *shingle(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *objects[6];
    Py_ssize_t size;
    if (!PyArg_ParseTuple(args, "OOOnOOO:shingle", &objects[0], &objects[1], &objects[2], &size,
                          &objects[3], &objects[4], &objects[5]))
        return NULL;
    static const Py_ssize_t itemsizes[6] = {8, 8, 1, 8, 8, 8};
    static const char *names[6] = {"tokens", "counts", "telling", "positions", "multipliers",
                                   "offsets"};
    Py_buffer views[6];
    int held = 0;
    PyObject *result = NULL, *shingles = NULL, *made = NULL, *signatures = NULL;
    uint8_t *told = NULL;
    for (; held < 6; held++) {
        if (get_buffer(objects[held], &views[held], itemsizes[held], names[held]) < 0) goto done;
    }
    const ShingleIn in = {
        .tokens = views[0].buf,
        .counts = views[1].buf,
        .telling = views[2].buf,
        .positions = views[3].buf,
        .multipliers = views[4].buf,
        .offsets = views[5].buf,
        .texts = views[1].len / 8,
        .size = size,
        .perms = views[4].len / 8,
    };
    const Py_ssize_t tokens = views[0].len / 8;
    Py_ssize_t total = 0;
    int negative = 0;
    for (Py_ssize_t t = 0; t < in.texts; t++) {
        negative |= in.counts[t] < 0;
        total += in.counts[t];
    }
    if (size < 1 || views[3].len / 8 < size || views[5].len != views[4].len ||
        views[2].len != tokens || negative || total != tokens) {
        PyErr_SetString(PyExc_ValueError,
                        "shingle: the counts must add up to the tokens, with a telling flag "
                        "per token, a position multiplier per place and an offset per "
                        "multiplier");
        goto done;
    }
    shingles = new_array(8 * tokens);
    made = new_array(8 * in.texts);
    signatures = new_array(8 * in.texts * in.perms);
    told = PyMem_Malloc(tokens ? tokens : 1);
    if (!shingles || !made || !signatures || !told) {
        if (!told) PyErr_NoMemory();
        goto done;
    }
    uint64_t *shingle_out = (uint64_t *)PyByteArray_AS_STRING(shingles);
    int64_t *made_out = (int64_t *)PyByteArray_AS_STRING(made);
    Py_BEGIN_ALLOW_THREADS
    shingle_texts(in, shingle_out, made_out, (uint64_t *)PyByteArray_AS_STRING(signatures), told);
    Py_END_ALLOW_THREADS
    Py_ssize_t count = 0;
    for (Py_ssize_t t = 0; t < in.texts; t++) count += made_out[t];
    if (PyByteArray_Resize(shingles, 8 * count) == 0)
        result = PyTuple_Pack(3, shingles, made, signatures);
done:
    PyMem_Free(told);
    Py_XDECREF(shingles);
    Py_XDECREF(made);
    Py_XDECREF(signatures);
    while (held--) PyBuffer_Release(&views[held]);
    return result;
}

/* common: how many values two sorted arrays of unique values share (one merge pass, where
 * a binary search per value costs a log factor and numpy's per-call overhead). */
#define COMMON_LOOP(type)                                                         \
    do {                                                                          \
        const type *x = a.buf, *y = b.buf;                                        \
        Py_ssize_t i = 0, j = 0, n = a.len / (Py_ssize_t)sizeof(type),            \
                   m = b.len / (Py_ssize_t)sizeof(type);                          \
        while (i < n && j < m) {                                                  \
            if (x[i] < y[j]) i++;                                                 \
            else if (y[j] < x[i]) j++;                                            \
            else { shared++; i++; j++; }                                          \
        }                                                                         \
    } while (0)

PyDoc_STRVAR(common_doc,
"common(a, b, itemsize) -> int\n\n"
"    Values two sorted arrays of unique unsigned integers of `itemsize` bytes (4 or 8)\n"
"    share.");

static PyObject *common(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *first, *second;
    Py_ssize_t itemsize;
    if (!PyArg_ParseTuple(args, "OOn:common", &first, &second, &itemsize)) return NULL;
    if (itemsize != 4 && itemsize != 8) {
        PyErr_SetString(PyExc_ValueError, "common: itemsize must be 4 or 8");
        return NULL;
    }
    Py_buffer a, b;
    if (get_buffer(first, &a, itemsize, "a") < 0) return NULL;
    if (get_buffer(second, &b, itemsize, "b") < 0) {
        PyBuffer_Release(&a);
        return NULL;
    }
    Py_ssize_t shared = 0;
    if (itemsize == 4) COMMON_LOOP(uint32_t);
    else COMMON_LOOP(uint64_t);
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    return PyLong_FromSsize_t(shared);
}

/* members: for each of `values` (any order), whether the sorted array `ordered` holds it:
 * a binary search each, without numpy's temporaries. */
#define MEMBERS_LOOP(type)                                                        \
    do {                                                                          \
        const type *v = a.buf, *o = b.buf;                                        \
        Py_ssize_t n = a.len / (Py_ssize_t)sizeof(type),                          \
                   m = b.len / (Py_ssize_t)sizeof(type);                          \
        for (Py_ssize_t i = 0; i < n; i++) {                                      \
            Py_ssize_t low = 0, high = m;                                         \
            while (low < high) {                                                  \
                Py_ssize_t middle = low + (high - low) / 2;                       \
                if (o[middle] < v[i]) low = middle + 1;                           \
                else high = middle;                                               \
            }                                                                     \
            out[i] = low < m && o[low] == v[i];                                   \
        }                                                                         \
    } while (0)

PyDoc_STRVAR(members_doc,
"members(values, ordered, itemsize) -> bytearray\n\n"
"    One byte per value of `values`: 1 when the sorted array `ordered` holds it, else 0\n"
"    (both arrays of unsigned integers of `itemsize` bytes, 4 or 8).");

static PyObject *members(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *first, *second;
    Py_ssize_t itemsize;
    if (!PyArg_ParseTuple(args, "OOn:members", &first, &second, &itemsize)) return NULL;
    if (itemsize != 4 && itemsize != 8) {
        PyErr_SetString(PyExc_ValueError, "members: itemsize must be 4 or 8");
        return NULL;
    }
    Py_buffer a, b;
    if (get_buffer(first, &a, itemsize, "values") < 0) return NULL;
    if (get_buffer(second, &b, itemsize, "ordered") < 0) {
        PyBuffer_Release(&a);
        return NULL;
    }
    PyObject *result = new_array(a.len / itemsize);
    if (result) {
        uint8_t *out = (uint8_t *)PyByteArray_AS_STRING(result);
        if (itemsize == 4) MEMBERS_LOOP(uint32_t);
        else MEMBERS_LOOP(uint64_t);
    }
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    return result;
}

PyDoc_STRVAR(letters_doc,
"letters(codes, flags, folds, alnum, texts) -> (tokens, counts)\n\n"
"    The letters and digits of a batch of texts (code point 0 between two texts), each\n"
"    case-folded by `folds` (0: itself) and mixed by splitmix64's finaliser, as uint64s;\n"
"    and how many are each text's (`texts` of them), as int64s. A code point counts when\n"
"    its `flags` hold the `alnum` bit; every code point must be classified already.");

static PyObject *letters(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *objects[3];
    unsigned char alnum;
    Py_ssize_t texts;
    if (!PyArg_ParseTuple(args, "OOObn:letters", &objects[0], &objects[1], &objects[2], &alnum,
                          &texts))
        return NULL;
    Py_buffer codes, flags, folds;
    if (get_buffer(objects[0], &codes, 4, "codes") < 0) return NULL;
    if (get_buffer(objects[1], &flags, 1, "flags") < 0) {
        PyBuffer_Release(&codes);
        return NULL;
    }
    if (get_buffer(objects[2], &folds, 4, "folds") < 0) {
        PyBuffer_Release(&codes);
        PyBuffer_Release(&flags);
        return NULL;
    }
    PyObject *result = NULL, *tokens = NULL, *counts = NULL;
    const Py_ssize_t n = codes.len / 4, limit = flags.len;
    if (texts < 1 || folds.len / 4 != limit) {
        PyErr_SetString(PyExc_ValueError, "letters: one fold per flag, and at least one text");
        goto done;
    }
    tokens = new_array(8 * n);
    counts = PyByteArray_FromStringAndSize(NULL, 8 * texts);
    if (!tokens || !counts) goto done;
    {
        const uint32_t *in = codes.buf, *fold = folds.buf;
        const uint8_t *flag = flags.buf;
        uint64_t *out = (uint64_t *)PyByteArray_AS_STRING(tokens);
        int64_t *made = (int64_t *)PyByteArray_AS_STRING(counts);
        Py_ssize_t kept = 0, text = 0, bad = 0;
        memset(made, 0, 8 * texts);
        for (Py_ssize_t i = 0; i < n; i++) {
            const uint32_t code = in[i];
            if (code == 0) {
                text += text + 1 < texts;
                continue;
            }
            if ((Py_ssize_t)code >= limit) { bad = 1; break; }
            if (!(flag[code] & alnum)) continue;
            const uint32_t folded = fold[code] ? fold[code] : code;
            out[kept++] = mix(folded);
            made[text]++;
        }
        if (bad) {
            PyErr_SetString(PyExc_ValueError, "letters: a code point beyond the tables");
            goto done;
        }
        if (PyByteArray_Resize(tokens, 8 * kept) == 0) result = PyTuple_Pack(2, tokens, counts);
    }
done:
    Py_XDECREF(tokens);
    Py_XDECREF(counts);
    PyBuffer_Release(&codes);
    PyBuffer_Release(&flags);
    PyBuffer_Release(&folds);
    return result;
}

PyDoc_STRVAR(matching_blocks_doc,
"matching_blocks(a, b) -> list of (i, j, size)\n\n"
"    What difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() gives\n"
"    for two int64 arrays: the longest matching block first (the earliest in `a`, then in\n"
"    `b`, among equally long ones), then the same on each side of it; sorted, adjacent\n"
"    blocks joined, and (len(a), len(b), 0) last.");

typedef struct {
    const int64_t *a, *b;
    const Py_ssize_t *b2j, *starts; /* b's positions per value, in order: CSR over values */
    Py_ssize_t *len_prev, *len_cur; /* match lengths ending at b[j], index j + 1 */
    int64_t *row_prev, *row_cur;    /* which row wrote each length (stale ones count 0) */
    int64_t row;
} Matcher;

/* difflib's find_longest_match(alo, ahi, blo, bhi) without junk. */
static void longest_match(Matcher *m, Py_ssize_t alo, Py_ssize_t ahi, Py_ssize_t blo,
                          Py_ssize_t bhi, Py_ssize_t *bi, Py_ssize_t *bj, Py_ssize_t *bk) {
    Py_ssize_t besti = alo, bestj = blo, bestsize = 0;
    m->row++; /* nothing from an earlier call is a previous row */
    for (Py_ssize_t i = alo; i < ahi; i++) {
        const int64_t row = ++m->row;
        const int64_t value = m->a[i];
        if (value >= 0) {
            for (Py_ssize_t p = m->starts[value]; p < m->starts[value + 1]; p++) {
                const Py_ssize_t j = m->b2j[p];
                if (j < blo) continue;
                if (j >= bhi) break;
                const Py_ssize_t before = m->row_prev[j] == row - 1 ? m->len_prev[j] : 0;
                const Py_ssize_t k = before + 1;
                m->len_cur[j + 1] = k;
                m->row_cur[j + 1] = row;
                if (k > bestsize) {
                    besti = i - k + 1;
                    bestj = j - k + 1;
                    bestsize = k;
                }
            }
        }
        Py_ssize_t *swap_len = m->len_prev;
        m->len_prev = m->len_cur;
        m->len_cur = swap_len;
        int64_t *swap_row = m->row_prev;
        m->row_prev = m->row_cur;
        m->row_cur = swap_row;
    }
    while (besti > alo && bestj > blo && m->a[besti - 1] == m->b[bestj - 1]) {
        besti--;
        bestj--;
        bestsize++;
    }
    while (besti + bestsize < ahi && bestj + bestsize < bhi &&
           m->a[besti + bestsize] == m->b[bestj + bestsize])
        bestsize++;
    *bi = besti;
    *bj = bestj;
    *bk = bestsize;
}

static int compare_blocks(const void *x, const void *y) {
    const Py_ssize_t *p = x, *q = y;
    for (int n = 0; n < 3; n++)
        if (p[n] != q[n]) return p[n] < q[n] ? -1 : 1;
    return 0;
}

static PyObject *matching_blocks(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *first, *second;
    if (!PyArg_ParseTuple(args, "OO:matching_blocks", &first, &second)) return NULL;
    Py_buffer av, bv;
    if (get_buffer(first, &av, 8, "a") < 0) return NULL;
    if (get_buffer(second, &bv, 8, "b") < 0) {
        PyBuffer_Release(&av);
        return NULL;
    }
    const Py_ssize_t la = av.len / 8, lb = bv.len / 8;
    const int64_t *a = av.buf, *b = bv.buf;
    PyObject *result = NULL;
    int64_t top = -1;
    for (Py_ssize_t j = 0; j < lb; j++) {
        if (b[j] < 0) {
            PyErr_SetString(PyExc_ValueError, "matching_blocks: values must be 0 or more");
            goto release;
        }
        if (b[j] > top) top = b[j];
    }
    /* Values of `a` above b's largest are in no block: read as -1. */
    Py_ssize_t values = (Py_ssize_t)(top + 1);
    Py_ssize_t *starts = PyMem_Calloc(values + 2, sizeof(Py_ssize_t));
    Py_ssize_t *b2j = PyMem_Malloc((lb + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *lens = PyMem_Calloc(2 * (lb + 1), sizeof(Py_ssize_t));
    int64_t *rows = PyMem_Malloc(2 * (lb + 1) * sizeof(int64_t));
    int64_t *as = PyMem_Malloc((la + 1) * sizeof(int64_t));
    /* At most one block per element of the shorter sequence, plus the queue's. */
    const Py_ssize_t room = (la < lb ? la : lb) + 1;
    Py_ssize_t *blocks = PyMem_Malloc(3 * room * sizeof(Py_ssize_t));
    Py_ssize_t *queue = PyMem_Malloc(4 * (2 * room + 1) * sizeof(Py_ssize_t));
    if (!starts || !b2j || !lens || !rows || !as || !blocks || !queue) {
        PyErr_NoMemory();
        goto free;
    }
    for (Py_ssize_t j = 0; j < lb; j++) starts[b[j] + 2]++;
    for (Py_ssize_t v = 0; v < values; v++) starts[v + 2] += starts[v + 1];
    for (Py_ssize_t j = 0; j < lb; j++) b2j[starts[b[j] + 1]++] = j;
    for (Py_ssize_t n = 0; n < 2 * (lb + 1); n++) rows[n] = -2;
    for (Py_ssize_t i = 0; i < la; i++) as[i] = (a[i] >= 0 && a[i] <= top) ? a[i] : -1;
    {
        Matcher m = {as, b, b2j, starts, lens, lens + lb + 1, rows, rows + lb + 1, 0};
        Py_ssize_t found = 0, queued = 0;
        queue[0] = 0; queue[1] = la; queue[2] = 0; queue[3] = lb;
        queued = 1;
        while (queued) {
            queued--;
            const Py_ssize_t alo = queue[4 * queued], ahi = queue[4 * queued + 1];
            const Py_ssize_t blo = queue[4 * queued + 2], bhi = queue[4 * queued + 3];
            Py_ssize_t i, j, k;
            longest_match(&m, alo, ahi, blo, bhi, &i, &j, &k);
            if (!k) continue;
            blocks[3 * found] = i; blocks[3 * found + 1] = j; blocks[3 * found + 2] = k;
            found++;
            if (alo < i && blo < j) {
                Py_ssize_t *q = queue + 4 * queued++;
                q[0] = alo; q[1] = i; q[2] = blo; q[3] = j;
            }
            if (i + k < ahi && j + k < bhi) {
                Py_ssize_t *q = queue + 4 * queued++;
                q[0] = i + k; q[1] = ahi; q[2] = j + k; q[3] = bhi;
            }
        }
        qsort(blocks, found, 3 * sizeof(Py_ssize_t), compare_blocks);
        result = PyList_New(0);
        if (!result) goto free;
        Py_ssize_t i1 = 0, j1 = 0, k1 = 0;
        for (Py_ssize_t n = 0; n <= found; n++) {
            const int last = n == found;
            const Py_ssize_t i2 = last ? la : blocks[3 * n], j2 = last ? lb : blocks[3 * n + 1];
            const Py_ssize_t k2 = last ? 0 : blocks[3 * n + 2];
            if (!last && i1 + k1 == i2 && j1 + k1 == j2) {
                k1 += k2;
                continue;
            }
            if (k1) {
                PyObject *block = Py_BuildValue("(nnn)", i1, j1, k1);
                if (!block || PyList_Append(result, block) < 0) {
                    Py_XDECREF(block);
                    Py_CLEAR(result);
                    goto free;
                }
                Py_DECREF(block);
            }
            i1 = i2; j1 = j2; k1 = k2;
        }
        PyObject *end = Py_BuildValue("(nnn)", la, lb, (Py_ssize_t)0);
        if (!end || PyList_Append(result, end) < 0) Py_CLEAR(result);
        Py_XDECREF(end);
    }
free:
    PyMem_Free(starts);
    PyMem_Free(b2j);
    PyMem_Free(lens);
    PyMem_Free(rows);
    PyMem_Free(as);
    PyMem_Free(blocks);
    PyMem_Free(queue);
release:
    PyBuffer_Release(&av);
    PyBuffer_Release(&bv);
    return result;
}

static PyMethodDef methods[] = {
    {"splitmix", splitmix, METH_O, splitmix_doc},
    {"scan", scan, METH_VARARGS, scan_doc},
    {"shingle", shingle, METH_VARARGS, shingle_doc},
    {"common", common, METH_VARARGS, common_doc},
    {"members", members, METH_VARARGS, members_doc},
    {"letters", letters, METH_VARARGS, letters_doc},
    {"matching_blocks", matching_blocks, METH_VARARGS, matching_blocks_doc},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "cleaners.dedup._kernels",
    .m_doc = "The hot loops of dedup fingerprints, in C.",
    .m_size = 0,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__kernels(void) { return PyModule_Create(&module); }
