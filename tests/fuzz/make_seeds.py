#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/): small valid inputs of each
format, most taken or derived from tests/fixtures. Standard library only; run it from anywhere:
    python3 tests/fuzz/make_seeds.py
The seeds are committed; this script says how they were made."""
import gzip
import io
import json
import os
import shutil
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures")
OUT = os.path.join(HERE, "corpus")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


def fixture(*parts):
    with open(os.path.join(FIX, *parts), "rb") as f:
        return f.read()


# ---------------------------------------------------------------- JSON and configs
qwen_config = fixture("qwen2_5_vl-tiny", "config.json")
sam_config = fixture("sam-tiny", "config.json")
put("json", "qwen_config.json", qwen_config)
put("json", "values.json", '{"a":[1,-0,2.5,1e-4,1e300,9007199254740993,"\\u00e9\\ud83d\\ude00",true,null],"b":{}}')
put("json", "nested.json", "[[[[{\"k\":[[]]}]]]]")
for name in ("config.json", "generation_config.json", "preprocessor_config.json"):
    put("qwen_config", name, fixture("qwen2_5_vl-tiny", name))
put("sam_config", "config.json", sam_config)
# The fixture checkpoint's tensor shapes (from the safetensors header) with and without its config.
st = fixture("sam-tiny", "model.safetensors")
header = json.loads(st[8:8 + struct.unpack("<Q", st[:8])[0]])
shapes = {k: v["shape"] for k, v in header.items() if k != "__metadata__"}
put("sam_config", "shapes.json", json.dumps({"shapes": shapes}, separators=(",", ":")))
put("sam_config", "shapes_and_config.json",
    json.dumps({"shapes": shapes, "config": json.loads(sam_config)}, separators=(",", ":")))
# MedSAM2 (SAM 2.1, Hiera-T): its checkpoint's shapes with and without the fixture's config, and the config alone.
st2 = fixture("medsam2-tiny", "model.safetensors")
header2 = json.loads(st2[8:8 + struct.unpack("<Q", st2[:8])[0]])
shapes2 = {k: v["shape"] for k, v in header2.items() if k != "__metadata__"}
sam2_config = json.loads(fixture("medsam2-tiny", "config.json"))
put("sam2_config", "shapes.json", json.dumps({"shapes": shapes2}, separators=(",", ":")))
put("sam2_config", "shapes_and_config.json",
    json.dumps({"shapes": shapes2, "config": sam2_config}, separators=(",", ":")))
put("sam2_config", "config.json", json.dumps(sam2_config, separators=(",", ":")))


# ---------------------------------------------------------------- weights
def safetensors(tensors):
    head, data = {"__metadata__": {"format": "pt"}}, b""
    for name, (dtype, shape, raw) in tensors.items():
        head[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    h = json.dumps(head, separators=(",", ":")).encode()
    h += b" " * (-len(h) % 8)
    return struct.pack("<Q", len(h)) + h + data


put("safetensors", "two.safetensors", safetensors({
    "w": ("F32", [2, 3], struct.pack("<6f", *range(6))),
    "b": ("BF16", [4], b"\x80\x3f" * 4),
    "i": ("I64", [1], struct.pack("<q", 7)),
}))


class Pickle:
    """The opcodes of a protocol-2 pickle of a state_dict, as torch.save writes it."""

    def __init__(self):
        self.b = bytearray(b"\x80\x02")

    def op(self, *parts):
        for p in parts:
            self.b += p if isinstance(p, (bytes, bytearray)) else p.encode()
        return self

    def text(self, s):
        s = s.encode()
        return self.op(b"X", struct.pack("<I", len(s)), s)

    def int(self, v):
        return self.op(b"J", struct.pack("<i", v))

    def ints(self, vs):
        self.op(b"(")
        for v in vs:
            self.int(v)
        return self.op(b"t")

    def tensor(self, key, storage_type, numel, shape, stride):
        self.text(key)
        self.op(b"ctorch._utils\n_rebuild_tensor_v2\n(")
        self.op(b"(").text("storage").op(b"ctorch\n" + storage_type.encode() + b"\n").text(key[-1]).text("cpu")
        self.int(numel).op(b"tQ")
        self.int(0).ints(shape).ints(stride).op(b"\x89").op(b"ccollections\nOrderedDict\n)R").op(b"tR")
        return self


p = Pickle().op(b"ccollections\nOrderedDict\n)R").op(b"q\x00(")
p.tensor("w0", "FloatStorage", 6, [2, 3], [3, 1]).tensor("b1", "HalfStorage", 4, [4], [1])
p.op(b"u.")
put("pickle", "state_dict.pkl", bytes(p.b))
put("pickle", "sam_tiny_data.pkl", zipfile.ZipFile(os.path.join(FIX, "sam-tiny", "model.pth")).read("model/data.pkl"))

buf = io.BytesIO()
with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
    z.writestr("archive/data.pkl", bytes(p.b))
    z.writestr("archive/byteorder", "little")
    z.writestr("archive/data/0", struct.pack("<6f", *range(6)))
    z.writestr("archive/data/1", b"\x00\x3c" * 4)
    z.writestr("archive/version", "3\n")
put("torch_checkpoint", "tiny.pth", buf.getvalue())


# ---------------------------------------------------------------- images
def nifti(dims, datatype, bitpix, data, sform=True):
    h = bytearray(348)
    struct.pack_into("<i", h, 0, 348)
    struct.pack_into("<8h", h, 40, len(dims), *(list(dims) + [1] * (7 - len(dims))))
    struct.pack_into("<hh", h, 70, datatype, bitpix)
    struct.pack_into("<8f", h, 76, 1, 0.8, 0.8, 2.5, 1, 1, 1, 1)
    struct.pack_into("<fff", h, 108, 352, 1, 0)  # vox_offset, scl_slope, scl_inter
    h[123] = 2 | 8  # mm, s
    struct.pack_into("<hh", h, 252, 1, 1 if sform else 0)  # qform_code, sform_code
    struct.pack_into("<3f", h, 256, 0, 0, 0)  # quatern b, c, d
    struct.pack_into("<12f", h, 280, -0.8, 0, 0, 10, 0, -0.8, 0, 20, 0, 0, 2.5, 30)
    h[344:348] = b"n+1\0"
    return bytes(h) + b"\0" * 4 + data


vol = nifti((4, 3, 2), 4, 16, struct.pack("<24h", *range(-12, 12)))
put("nifti", "small_int16.nii", vol)
put("nifti", "small_int16.nii.gz", gzip.compress(vol, mtime=0))
put("nifti", "rgb_qform.nii", nifti((2, 2), 128, 24, bytes(range(12)), sform=False))


def element(group, elem, vr, value, explicit=True):
    if isinstance(value, str):
        value = value.encode()
        value += b" " * (len(value) % 2) if vr != "UI" else b"\0" * (len(value) % 2)
    if not explicit:
        return struct.pack("<HHI", group, elem, len(value)) + value
    if vr in ("OB", "OW", "SQ", "UN", "UT"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), len(value)) + value


def dicom(explicit=True, extra=b""):
    ts = "1.2.840.10008.1.2.1" if explicit else "1.2.840.10008.1.2"
    meta = element(2, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.2") + element(2, 0x0003, "UI", "1.2.3.4.5.6")
    meta += element(2, 0x0010, "UI", ts)
    meta = element(2, 0x0000, "UL", struct.pack("<I", len(meta))) + meta
    e = lambda g, el, vr, v: element(g, el, vr, v, explicit)  # noqa: E731
    body = e(8, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2") + e(8, 0x0018, "UI", "1.2.3.4.5.6")
    body += e(8, 0x0060, "CS", "CT") + extra
    body += e(0x10, 0x10, "PN", "Fuzz^Seed")
    body += e(0x20, 0x0D, "UI", "1.2.3.4") + e(0x20, 0x0E, "UI", "1.2.3.4.5") + e(0x20, 0x13, "IS", "1")
    body += e(0x20, 0x32, "DS", "0\\0\\0") + e(0x20, 0x37, "DS", "1\\0\\0\\0\\1\\0")
    body += e(0x28, 0x02, "US", struct.pack("<H", 1)) + e(0x28, 0x04, "CS", "MONOCHROME2")
    body += e(0x28, 0x10, "US", struct.pack("<H", 4)) + e(0x28, 0x11, "US", struct.pack("<H", 4))
    body += e(0x28, 0x30, "DS", "0.5\\0.5") + e(0x28, 0x100, "US", struct.pack("<H", 16))
    body += e(0x28, 0x101, "US", struct.pack("<H", 12)) + e(0x28, 0x102, "US", struct.pack("<H", 11))
    body += e(0x28, 0x103, "US", struct.pack("<H", 1)) + e(0x28, 0x1052, "DS", "-1024")
    body += e(0x28, 0x1053, "DS", "1")
    body += e(0x7FE0, 0x10, "OW", struct.pack("<16h", *range(0, 1600, 100)))
    return b"\0" * 128 + b"DICM" + meta + body


put("dicom", "ct_explicit.dcm", dicom())
put("dicom", "ct_implicit.dcm", dicom(explicit=False))
item = element(8, 0x0100, "SH", "T-D0050") + element(8, 0x0102, "SH", "SRT")
seq = struct.pack("<HHI", 0xFFFE, 0xE000, len(item)) + item
put("dicom", "ct_with_sequence.dcm", dicom(extra=element(8, 0x2218, "SQ", seq)))

# ---------------------------------------------------------------- text
put("tokenizer", "english.txt", "Where would you biopsy to confirm the suspected malignancy?")
put("tokenizer", "mixed.txt", "肝脏 lesion, 2.5 cm — ÿ\u00e9e\u0301 😀 \t\n  x=1;\r\n")
put("tokenizer", "chat.txt", "<|im_start|>user\n<|vision_start|><|image_pad|><|vision_end|>Hi<|im_end|>\n")
put("answer", "ok.txt", '<think>The lesion is in the left lobe.</think><answer>{"bbox": [10, 20, 110, 220], '
                        '"points_1": [40, 60], "points_2": [70, 90]}</answer>')
put("answer", "single_quotes.txt", "<think>x</think>\n<answer>```json\n{'bbox_2d': [1.5, 2, 3, 4], "
                                   "'points': [[2, 3], [2, 3]]}\n```</answer>")
put("answer", "truncated.txt", '<think>reasoning...<answer>{"bbox": [1, 2, 3')
put("umrg_records", "annotations.json", json.dumps([
    {"id": 1, "image": "images/0001.png", "mask": "masks/0001.png", "problem": "Where is the tumour?",
     "answer": "", "bbox_2d": [10, 20, 30, 40], "point_2d": [[12, 22], [25, 35]], "category": "liver tumor",
     "super_category": "abdomen", "modality": "CT", "note": {"x": [1, 2]}},
    {"id": "b", "image_path": "b.png", "problem": "q?", "bbox_2d": [1, 2, 3, 4], "point_2d": [[1, 2], [3, 4]]},
], indent=1))
put("umrg_records", "records_object.json", '{"records": [{"id": 3, "image_path": "a.png", "problem": "q?", '
                                           '"bbox_2d": [1, 2, 3, 4], "point_2d": [[1, 2], [3, 4]]}]}')
put("predictions", "lines.jsonl",
    '{"id": 7, "output": "<answer>{\\"bbox\\": [1, 2, 3, 4], \\"points_1\\": [1, 2], \\"points_2\\": [2, 3]}'
    '</answer>", "latency_s": 1.5}\n'
    '{"id": "x", "choices": [{"message": {"content": "b"}}], "timings_ms": {"reason": 20, "segment": 3}}\n'
    '{"id": "y", "response": null}\n')
put("predictions", "list.json", '[{"id": 7, "output": "a", "latency_s": 1.5}, '
                                '{"id": "y", "response": "c", "mask_joint": "m.png"}]')
# ---------------------------------------------------------------- serving (Chat Completions)
# A 1x1 PNG as the request's data URL; a streamed reply as server-sent events.
png = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC")
put("chat_wire", "request.json", json.dumps({
    "model": "medreasoner", "stream": True, "stream_options": {"include_usage": True}, "max_tokens": 64,
    "temperature": 0.7, "top_p": 0.9, "top_k": 20, "repetition_penalty": 1.05, "seed": 3, "stop": ["</answer>"],
    "messages": [{"role": "system", "content": "You are a radiologist."},
                 {"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:image/png;base64," + png}},
                                              {"type": "text", "text": "Where is the lesion?"}]}]}))
put("chat_wire", "stream.txt", 'data: {"choices":[{"index":0,"delta":{"content":"<think>"}}]}\n\n'
                               ': keep-alive\r\n\r\n'
                               'data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],'
                               '"usage":{"prompt_tokens":5,"completion_tokens":2}}\n\ndata: [DONE]\n\n')
put("chat_wire", "error.json", '{"error":{"message":"model not loaded","type":"invalid_request_error","code":"x"}}')
print("seeds written under", OUT)
