//! Issue 16's input figure: a copier's stack of 300-dpi greyscale JPEG pages in one PDF, opened
//! (the file read once, the pages listed) and every page decoded to grey, two pages at a time as
//! the reader will, never all held. Prints pages/s and the process's peak memory. The stack is
//! written once into the target directory (`BALISE_BENCH_SCAN_PAGES` pages, 100 by default; 500 is
//! issue 16's stack), from an Annexe A rendered by pdftoppm when it is installed.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use balise_core::pdf::annexe_a::{self, FormData};
use balise_core::register::platform::Audience;
use balise_core::scan::input::Stack;
use balise_core::year::SchoolYear;
use chrono::NaiveDate;
use lopdf::{dictionary, Document, Object, Stream};

use crate::on_path;

const DPI: u32 = 300;

pub fn scan_input_bench() {
    let pages: usize = std::env::var("BALISE_BENCH_SCAN_PAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let path = stack_file(pages);
    let size = std::fs::metadata(&path).expect("the stack").len();

    let started = Instant::now();
    let stack = Stack::open(&[&path]).expect("open the stack");
    let opened = started.elapsed();
    assert_eq!(stack.len(), pages);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get()).min(4);
    let next = AtomicUsize::new(1);
    let dark = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index > stack.len() {
                    break;
                }
                let page = stack.page(index).expect("a scanned page");
                // Touch the pixels, as a reader would, so that nothing is optimised away.
                dark.fetch_add(page.image.as_raw().iter().filter(|&&v| v < 128).count(), Ordering::Relaxed);
            });
        }
    });
    let total = started.elapsed();
    assert!(dark.into_inner() > 0, "the pages have ink");
    println!(
        "{:<58} {:>10.3} s  ({:.1} pages/s, {workers} fils ; ouverture {:.0} ms)",
        format!("pile numérisée : {pages} pages JPEG {DPI} ppp ({:.0} Mo) en gris", size as f64 / 1e6),
        total.as_secs_f64(),
        pages as f64 / total.as_secs_f64(),
        opened.as_secs_f64() * 1000.0,
    );
    if let Some(peak) = peak_memory_mb() {
        println!("{:<58} {:>10.0} Mo  (objectif ≤ 600 Mo)", "  mémoire maximale du processus (VmHWM)", peak);
    }
    drop(stack);
    scan_read_bench(&path, pages);
}

/// The reading alone (`BALISE_BENCH=scan-read`), on the stack an earlier run made (made now if
/// missing, then measured in a second run).
pub fn scan_read_alone() {
    let pages: usize = std::env::var("BALISE_BENCH_SCAN_PAGES").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let path = stack_file(pages);
    scan_read_bench(&path, pages);
}

/// Issue 16's figure: the same stack read whole as Balise reads it (`consent::scanned::read_pages`:
/// every page decoded, its code found, the page registered on its marks, the four boxes and the
/// signature measured, the crops made, pages in parallel and never all held), then the peer on
/// the same PDF: `pdftoppm -r 200 -gray` + `zbarimg`, decoding the QR codes only, on as many
/// processes as Balise has threads. Prints both and the ratio.
fn scan_read_bench(path: &std::path::Path, pages: usize) {
    // The peak memory from here on (Linux: `clear_refs` 5 resets VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let started = Instant::now();
    let stack = Stack::open(&[path]).expect("open the stack");
    let read = balise_core::consent::scanned::read_pages(stack, true, &|_, _| {});
    let balise = started.elapsed();
    let found = read.forms_found();
    println!(
        "{:<58} {:>10.3} s  ({found} codes lus ; objectif ≤ 60 s pour 500 pages : {})",
        format!("pile numérisée : {pages} pages lues (code, repères, cases, signature)"),
        balise.as_secs_f64(),
        if pages < 500 {
            "à mesurer sur 500 pages"
        } else if balise.as_secs() <= 60 {
            "atteint"
        } else {
            "MANQUÉ"
        },
    );
    if let Some(peak) = peak_memory_mb() {
        println!("{:<58} {:>10.0} Mo  (objectif ≤ 600 Mo)", "  mémoire maximale pendant la lecture (VmHWM)", peak);
    }
    if !on_path("pdftoppm") || !on_path("zbarimg") {
        println!("pair : pdftoppm ou zbarimg absent (apt-get install poppler-utils zbar-tools)");
        return;
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let work = tempfile::tempdir().expect("temp dir");
    let per = pages.div_ceil(threads);
    let started = Instant::now();
    let children: Vec<_> = (0..threads)
        .filter_map(|t| {
            let (first, last) = (t * per + 1, ((t + 1) * per).min(pages));
            (first <= last).then(|| {
                let prefix = work.path().join(format!("p{t}"));
                let script = format!(
                    "pdftoppm -r 200 -gray -f {first} -l {last} '{}' '{}' && zbarimg -q --raw '{}'-*.pgm | wc -l",
                    path.display(),
                    prefix.display(),
                    prefix.display()
                );
                std::process::Command::new("sh")
                    .arg("-c")
                    .arg(script)
                    .stdout(std::process::Stdio::piped())
                    .spawn()
                    .expect("sh")
            })
        })
        .collect();
    let mut decoded = 0usize;
    for child in children {
        let output = child.wait_with_output().expect("the peer ran");
        decoded += String::from_utf8_lossy(&output.stdout).trim().parse::<usize>().unwrap_or(0);
    }
    let peer = started.elapsed();
    println!(
        "{:<58} {:>10.3} s  ({decoded} codes ; Balise / pair = {:.2})",
        "  pair : pdftoppm -r 200 + zbarimg (codes QR seulement)",
        peer.as_secs_f64(),
        balise.as_secs_f64() / peer.as_secs_f64()
    );
}

/// The process's peak resident memory, from Linux's /proc.
fn peak_memory_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// The stack's PDF, written once: the same scanned page's JPEG (an Annexe A at 300 dpi, quality
/// 75, as copiers write them) on every page.
fn stack_file(pages: usize) -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("pile-{pages}p-{DPI}ppp-jpeg.pdf"));
    if path.exists() {
        return path;
    }
    let (width, height, grey) = scanned_page();
    let mut jpeg = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 75)
        .encode(&grey, width, height, image::ExtendedColorType::L8)
        .expect("encode the page");
    let mut doc = Document::with_version("1.5");
    let tree = doc.new_object_id();
    let mut kids = Vec::new();
    for _ in 0..pages {
        let mut image = Stream::new(
            dictionary! {
                "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height,
                "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode",
            },
            jpeg.clone(),
        );
        image.allows_compression = false;
        let image = doc.add_object(image);
        let content = doc.add_object(Stream::new(dictionary! {}, b"q 612 0 0 792 0 0 cm /Im0 Do Q".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => tree,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im0" => image } },
            "Contents" => content,
        });
        kids.push(Object::Reference(page));
    }
    doc.objects
        .insert(tree, Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => pages as i64 }));
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => tree });
    doc.trailer.set("Root", catalog);
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create the stack"));
    doc.save_to(&mut file).expect("write the stack");
    path
}

/// An Annexe A rendered in grey at 300 dpi by pdftoppm, or a drawn page when it is missing.
fn scanned_page() -> (u32, u32, Vec<u8>) {
    let (width, height) = (DPI * 17 / 2, DPI * 11);
    if on_path("pdftoppm") {
        let form = FormData {
            css_name: "Centre de services scolaire du Pays-des-Bleuets".into(),
            school_name: "École Notre-Dame-de-l'Assomption".into(),
            student_full_name: "Léa Côté".into(),
            guardians: vec!["Marie-Hélène Côté".into()],
            platform: "Microsoft Teams".into(),
            audience: Some(Audience::Students),
            staff_member: "Geneviève Lévesque".into(),
            school_year: SchoolYear::starting(2025),
            return_email: "secretariat.notre-dame@cssbleuets.qc.ca".into(),
            deadline: NaiveDate::from_ymd_opt(2025, 9, 12).expect("date"),
            form_number: balise_core::forms::number::encode(101),
            reminder: None,
            wording: Default::default(),
            store_tag: Default::default(),
            copy: Default::default(),
        };
        let printed =
            annexe_a::render(&[form], NaiveDate::from_ymd_opt(2025, 8, 25).expect("date"), None).expect("render");
        let dir = tempfile::tempdir().expect("temp dir");
        let pdf = dir.path().join("annexe.pdf");
        std::fs::write(&pdf, printed).expect("write");
        let output = std::process::Command::new("pdftoppm")
            .args(["-gray", "-r", &DPI.to_string(), "-f", "1", "-l", "1"])
            .arg(&pdf)
            .output()
            .expect("pdftoppm");
        // A binary PGM: "P5\n<w> <h>\n255\n" then the pixels.
        let data = output.stdout;
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while data[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !data[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&data[start..at]).into_owned());
        }
        let (w, h): (u32, u32) = (fields[1].parse().expect("width"), fields[2].parse().expect("height"));
        if (w, h) == (width, height) {
            return (w, h, data[at + 1..].to_vec());
        }
    }
    let grey = (0..height)
        .flat_map(|y| (0..width).map(move |x| if (x / 40 + y / 60) % 7 == 0 && y % 60 < 30 { 0 } else { 255 }))
        .collect();
    (width, height, grey)
}
