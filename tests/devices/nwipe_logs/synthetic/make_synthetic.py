"""Writes this folder's SYNTHETIC nwipe 0.35+ reports, which Debian bookworm's nwipe (0.34)
cannot make: a log of a two-drive run and the PDF certificate of each drive.

Every line of the log is one of nwipe's own format strings (logging.c, device.c, method.c,
options.c, nwipe.c of 0.35 to 0.38) filled in by hand; the PDF is laid out as create_pdf.c /
create_single_disc_pdf.c lay out page 1 (same texts, fonts and coordinates), written the way
PDFGen writes text (`BT x y TD /Fn size Tf r g b rg (text) Tj ET`), without the images and
barcode. Run: python make_synthetic.py (writes beside itself).
"""

from pathlib import Path

HERE = Path(__file__).parent

LOG = """\
[2025/03/14 09:12:03]    info: nwipe 0.37
[2025/03/14 09:12:03]    info: Linux version 6.6.21 (shredos@buildhost) (gcc (Bu
                               ildroot 2023.11) 12.3.0, GNU ld (GNU Binutils) 2.4
                               0) #1 SMP PREEMPT_DYNAMIC Mon Mar 11 12:00:00 GMT
[2025/03/14 09:12:03]  notice: Found /dev/sda, ATA, Samsung SSD 860 EVO 500GB, 500 GB, S/N=S3Z1NB0K123456A
[2025/03/14 09:12:03]    info: /dev/sda, sector(logical)/block(physical) sizes 512/512
[2025/03/14 09:12:03]    info: No hidden sectors on /dev/sda
[2025/03/14 09:12:03]    info:  
[2025/03/14 09:12:04]  notice: Found /dev/sdb, USB, WDC WD5000LPVX-22V0TT0, 500 GB, S/N=WD-WXA1A65K7890
[2025/03/14 09:12:04]    info: /dev/sdb, sector(logical)/block(physical) sizes 512/4096
[2025/03/14 09:12:04] warning: HIDDEN SECTORS INDETERMINATE! on /dev/sdb, Some USB adapters & memory sticks don't support ATA pass through
[2025/03/14 09:12:04]    info:  
[2025/03/14 09:12:04]  notice: Opened entropy source '/dev/urandom'.
[2025/03/14 09:12:04]  notice: Program options are set as follows...
[2025/03/14 09:12:04]  notice:   autonuke = 1 (on)
[2025/03/14 09:12:04]  notice:   autopoweroff = 0 (off)
[2025/03/14 09:12:04]  notice:   do not wait for a key before exiting
[2025/03/14 09:12:04]  notice:   do not show GUI interface
[2025/03/14 09:12:04]  notice:   banner   = nwipe 0.37
[2025/03/14 09:12:04]  notice:   prng     = Isaac64
[2025/03/14 09:12:04]  notice:   method   = DoD Short
[2025/03/14 09:12:04]  notice:   quiet    = 0
[2025/03/14 09:12:04]  notice:   rounds   = 1
[2025/03/14 09:12:04]  notice:   sync     = 100000
[2025/03/14 09:12:04]  notice:   verify   = 2 (all passes)
[2025/03/14 09:12:04]  notice: /dev/sda, sect/blk/dev 512/4096/500107862016
[2025/03/14 09:12:04]  notice: /dev/sdb, sect/blk/dev 512/4096/500107862016
[2025/03/14 09:12:04]  notice: Invoking method 'DoD Short' on /dev/sda
[2025/03/14 09:12:04]  notice: Starting round 1 of 1 on /dev/sda
[2025/03/14 09:12:04]  notice: Starting pass 1/3, round 1/1, on /dev/sda
[2025/03/14 09:12:04]  notice: Invoking method 'DoD Short' on /dev/sdb
[2025/03/14 09:12:04]  notice: Starting round 1 of 1 on /dev/sdb
[2025/03/14 09:12:04]  notice: Starting pass 1/3, round 1/1, on /dev/sdb
[2025/03/14 09:35:51]  notice: 500107862016 bytes written to /dev/sda
[2025/03/14 09:35:51]  notice: Verifying pass 1 of 3, round 1 of 1, on /dev/sda
[2025/03/14 09:58:02]  notice: 500107862016 bytes read from /dev/sda
[2025/03/14 09:58:02]  notice: Verified pass 1 of 3, round 1 of 1, on '/dev/sda'.
[2025/03/14 09:58:02]  notice: Finished pass 1/3, round 1/1, on /dev/sda
[2025/03/14 09:58:02]  notice: Starting pass 2/3, round 1/1, on /dev/sda
[2025/03/14 10:21:47]  notice: 500107862016 bytes written to /dev/sda
[2025/03/14 10:21:47]  notice: Verifying pass 2 of 3, round 1 of 1, on /dev/sda
[2025/03/14 10:43:59]  notice: 500107862016 bytes read from /dev/sda
[2025/03/14 10:43:59]  notice: Verified pass 2 of 3, round 1 of 1, on '/dev/sda'.
[2025/03/14 10:43:59]  notice: Finished pass 2/3, round 1/1, on /dev/sda
[2025/03/14 10:43:59]  notice: Starting pass 3/3, round 1/1, on /dev/sda
[2025/03/14 10:43:59]  notice: Initialising Isaac64 prng
[2025/03/14 11:08:15]  notice: 500107862016 bytes written to /dev/sda
[2025/03/14 11:08:15]  notice: Verifying pass 3 of 3, round 1 of 1, on /dev/sda
[2025/03/14 11:31:40]  notice: 500107862016 bytes read from /dev/sda
[2025/03/14 11:31:40]  notice: Verified pass 3 of 3, round 1 of 1, on '/dev/sda'.
[2025/03/14 11:31:40]  notice: Finished pass 3/3, round 1/1, on /dev/sda
[2025/03/14 11:31:40]  notice: Finished final round 1 of 1 on /dev/sda
[2025/03/14 11:31:40]  notice: Blanking device /dev/sda
[2025/03/14 11:55:02]  notice: 500107862016 bytes written to /dev/sda
[2025/03/14 11:55:02]  notice: Verifying that /dev/sda is empty.
[2025/03/14 12:17:21]  notice: 500107862016 bytes read from /dev/sda
[2025/03/14 12:17:21]  notice: [SUCCESS] Verified that /dev/sda is empty.
[2025/03/14 12:17:21]  notice: [SUCCESS] Blanked device /dev/sda
[2025/03/14 13:40:12]  notice: 500107862016 bytes written to /dev/sdb
[2025/03/14 13:40:12]  notice: Verifying pass 1 of 3, round 1 of 1, on /dev/sdb
[2025/03/14 15:02:33]  notice: 500107862016 bytes read from /dev/sdb
[2025/03/14 15:02:33]  notice: Verified pass 1 of 3, round 1 of 1, on '/dev/sdb'.
[2025/03/14 15:02:33]  notice: Finished pass 1/3, round 1/1, on /dev/sdb
[2025/03/14 15:02:33]  notice: Starting pass 2/3, round 1/1, on /dev/sdb
[2025/03/14 16:25:10]  notice: 500107862016 bytes written to /dev/sdb
[2025/03/14 16:25:10]  notice: Verifying pass 2 of 3, round 1 of 1, on /dev/sdb
[2025/03/14 17:48:51]  notice: 500107862016 bytes read from /dev/sdb
[2025/03/14 17:48:51]  notice: Verified pass 2 of 3, round 1 of 1, on '/dev/sdb'.
[2025/03/14 17:48:51]  notice: Finished pass 2/3, round 1/1, on /dev/sdb
[2025/03/14 17:48:51]  notice: Starting pass 3/3, round 1/1, on /dev/sdb
[2025/03/14 17:48:51]  notice: Initialising Isaac64 prng
[2025/03/14 19:11:40]  notice: 500107862016 bytes written to /dev/sdb
[2025/03/14 19:11:40]  notice: Verifying pass 3 of 3, round 1 of 1, on /dev/sdb
[2025/03/14 20:34:02]  notice: 500107862016 bytes read from /dev/sdb
[2025/03/14 20:34:02]  notice: Verified pass 3 of 3, round 1 of 1, on '/dev/sdb'.
[2025/03/14 20:34:02]  notice: Finished pass 3/3, round 1/1, on /dev/sdb
[2025/03/14 20:34:02]  notice: Finished final round 1 of 1 on /dev/sdb
[2025/03/14 20:34:02]  notice: Blanking device /dev/sdb
[2025/03/14 21:57:30]  notice: 500107862016 bytes written to /dev/sdb
[2025/03/14 21:57:30]  notice: Verifying that /dev/sdb is empty.
[2025/03/14 23:19:45]  notice: 500107862016 bytes read from /dev/sdb
[2025/03/14 23:19:45]  notice: [FAILURE] /dev/sdb Verification errors, not empty
[2025/03/14 23:19:45]  notice: [FAILURE] /dev/sdb may not be blanked
[2025/03/14 23:19:45]   error: 24 verification errors on '/dev/sdb'.
[2025/03/14 23:19:47]   fatal: Nwipe exited with errors on device = /dev/sdb, see log for specific error

******************************** Error Summary *********************************
!   Device | Pass Errors | Verifications Errors | Fdatasync I\\O Errors
--------------------------------------------------------------------------------
       sda |           0 |                    0 |                    0
!      sdb |           0 |                   24 |                    0
********************************************************************************

********************************* Drive Status *********************************
!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number
--------------------------------------------------------------------------------
       sda | Erased |  185MB/s | 03:05:17 | Samsung SSD 860 E/S3Z1NB0K123456A
!      sdb |-FAILED-|   62MB/s | 14:07:41 | WDC WD5000LPVX-22/WD-WXA1A65K7890
--------------------------------------------------------------------------------
[2025/03/14 23:19:47] Total Throughput  247MB/s, DoD Short, 1R+B+VA
********************************************************************************

Creating PDF report in .

[2025/03/14 23:19:47]    info: Nwipe exited with errors, check the log & summary table for individual drive status.
"""  # noqa: E501 - nwipe's own lines


# Page 1 of create_single_disc_pdf.c: (font, size, x, y, text); F1 Helvetica, F2 Helvetica-Bold.
def page_one(
    model: str,
    serial: str,
    bus: str,
    size: str,
    start: str,
    end: str,
    duration: str,
    status: str,
    method: str,
    verify: str,
    erased: str,
    rounds: str,
    errors: str,
    throughput: str,
    version: str,
) -> list[tuple[str, float, float, float, str]]:
    return [
        ("F1", 12, 227, 30, f"Disc Erasure by NWIPE version {version}"),
        ("F2", 14, 200, 755, f" Model: {model} "),
        ("F2", 14, 220, 735, f" S/N: {serial} "),
        ("F1", 24, 185, 695, "Disk Erasure Report"),
        ("F1", 14, 222, 670, "Page 1 - Erasure Status"),
        ("F1", 12, 50, 630, "Organisation Performing The Disk Erasure"),
        ("F1", 12, 60, 610, "Business Name:"),
        ("F1", 12, 60, 590, "Business Address:"),
        ("F1", 12, 60, 570, "Contact Name:"),
        ("F1", 12, 300, 570, "Contact Phone:"),
        ("F2", 10, 153, 610, "Atelier Relais asbl"),
        ("F2", 10, 165, 590, "Rue de la Loi 1, 1000 Bruxelles"),
        ("F2", 10, 145, 570, "Technicien Atelier"),
        ("F2", 10, 390, 570, "+32 2 000 00 00"),
        ("F1", 12, 50, 530, "Customer Details"),
        ("F1", 12, 60, 510, "Name:"),
        ("F1", 12, 60, 490, "Address:"),
        ("F1", 12, 60, 470, "Contact Name:"),
        ("F1", 12, 300, 470, "Contact Phone:"),
        ("F2", 10, 100, 510, "CPAS de Schaerbeek"),
        ("F1", 12, 50, 430, "Disk Information"),
        ("F1", 12, 60, 410, "Make/Model:"),
        ("F2", 10, 135, 410, model),
        ("F1", 12, 340, 410, "Serial:"),
        ("F2", 10, 380, 410, serial),
        ("F1", 12, 340, 390, "Bus:"),
        ("F2", 10, 370, 390, bus),
        ("F1", 12, 60, 390, "Size(Apparent): "),
        ("F2", 10, 145, 390, size),
        ("F1", 12, 60, 370, "Size(Real):"),
        ("F2", 10, 125, 370, size),
        ("F1", 12, 50, 330, "Disk Erasure Details"),
        ("F1", 12, 60, 310, "Start time:"),
        ("F2", 10, 120, 310, start),
        ("F1", 12, 300, 310, "End time:"),
        ("F2", 10, 360, 310, end),
        ("F1", 12, 60, 290, "Duration:"),
        ("F2", 10, 115, 290, duration),
        ("F1", 12, 300, 290, "Status:"),
        ("F2", 12, 365, 290, status),
        ("F1", 12, 60, 270, "Method:"),
        ("F2", 10, 110, 270, method),
        ("F1", 12, 300, 270, "PRNG algorithm:"),
        ("F2", 10, 395, 270, "Isaac64"),
        ("F1", 12, 60, 250, "Final Pass(Zeros/Ones/None):"),
        ("F2", 10, 230, 250, "Zeros"),
        ("F1", 12, 300, 250, "Verify Pass(Last/All/None):"),
        ("F2", 10, 450, 250, verify),
        ("F1", 12, 60, 230, "*Bytes Erased:"),
        ("F2", 10, 145, 230, erased),
        ("F1", 12, 300, 230, "Rounds(completed/requested):"),
        ("F2", 10, 470, 230, rounds),
        ("F1", 12, 60, 210, "HPA/DCO:"),
        ("F1", 12, 300, 210, "HPA/DCO Size:"),
        ("F2", 10, 390, 210, "No hidden sectors"),
        ("F2", 10, 130, 210, "No hidden sectors"),
        ("F1", 12, 300, 190, "Throughput:"),
        ("F2", 10, 370, 190, f"{throughput}/sec"),
        ("F1", 12, 60, 190, "Errors(pass/sync/verify):"),
        ("F2", 10, 195, 190, errors),
        ("F1", 12, 60, 170, "Information:"),
        ("F1", 10, 60, 137, "* bytes erased: The amount of drive that's been erased at least once"),
        ("F1", 12, 50, 100, "Technician/Operator ID"),
        ("F1", 12, 60, 80, "Name/ID:"),
        ("F1", 12, 300, 100, "Signature:"),
        ("F2", 10, 120, 80, "J. Dupont"),
    ]


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(pages: list[list[tuple[str, float, float, float, str]]]) -> bytes:
    """A minimal PDF as PDFGen writes one: Type1 Helvetica fonts, one content stream a page."""
    objects: list[bytes] = []
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{5 + 2 * index} 0 R" for index in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [ {kids} ] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>")
    for index, texts in enumerate(pages):
        stream = "\r\n".join(
            f"BT {x:f} {y:f} TD /{font} {size:f} Tf 0.000000 0.000000 0.000000 rg ({escape(text)}) Tj ET"
            for font, size, x, y, text in texts
        ).encode("cp1252")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.275574 841.889771] "
            f"/Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {6 + 2 * index} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\r\nstream\r\n" % len(stream) + stream + b"\r\nendstream")
    info_number = len(objects) + 1
    objects.append(
        b"<< /Creator (https://github.com/PartialVolume/shredos.x86_64) "
        b"/Producer (https://github.com/martijnvanbrummelen/nwipe) /Title (PDF Disk Erasure Certificate) "
        b"/Author (Nwipe) /Subject (Disk Erase Certificate) >>"
    )
    out = bytearray(b"%PDF-1.3\r\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\r\n" % number + body + b"\r\nendobj\r\n"
    xref = len(out)
    out += b"xref\r\n0 %d\r\n0000000000 65535 f\r\n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n\r\n" % offset
    out += b"trailer\r\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\r\nstartxref\r\n%d\r\n%%%%EOF\r\n" % (
        len(objects) + 1,
        info_number,
        xref,
    )
    return bytes(out)


# The Samsung drive of the log above, erased: page_one's arguments in order.
ERASED = (
    "Samsung SSD 860 EVO 500GB",
    "S3Z1NB0K123456A",
    "ATA",
    "500 GB, 500107862016 bytes",
    "2025/03/14 09:12:04",
    "2025/03/14 12:17:21",
    "03:05:17",
    "ERASED",
    "DoD Short",
    "Verify All",
    "500107862016, (100.00%)",
    "1/1",
    "0/0/0",
    "185MB",
    "0.37",
)

SMART_PAGE = [
    ("F1", 14, 222, 670, "Page 2 - Smart Data"),
    ("F1", 10, 60, 600, "SMART overall-health: PASSED"),
]

if __name__ == "__main__":
    (HERE / "nwipe-0.37-two-drives.log").write_text(LOG, encoding="latin-1")
    erased = page_one(*ERASED)
    failed = page_one(
        "WDC WD5000LPVX-22V0TT0",
        "WD-WXA1A65K7890",
        "USB",
        "500 GB, 500107862016 bytes",
        "2025/03/14 09:12:04",
        "2025/03/14 23:19:45",
        "14:07:41",
        "FAILED",
        "DoD Short",
        "Verify All",
        "500107862016, (100.00%)",
        "0/1",
        "0/0/24",
        "62MB",
        "0.37",
    )
    (HERE / "nwipe-0.37-certificate-erased.pdf").write_bytes(pdf([erased, SMART_PAGE]))
    (HERE / "nwipe-0.37-certificate-failed.pdf").write_bytes(pdf([failed, SMART_PAGE]))
