//! Byte searches for the listing cache and the JSON layout.
//!
//! memchr's entry points ask the processor, on their first use in a
//! process, whether it has AVX2 (`std_detect`: a series of `cpuid`
//! instructions, each a trap to the hypervisor on a virtual machine): on
//! the benchmark machine 58-61 µs, 4.5% of a profile of 200 claims, for
//! searches of lines a few hundred bytes long. On x86_64 these use memchr's SSE2 routines, which that
//! architecture always has, and ask nothing; elsewhere memchr's entry
//! points.

#[cfg(target_arch = "x86_64")]
use memchr::arch::x86_64::sse2::memchr::{One, Two};

/// Where `needle` first occurs in `haystack`.
pub fn find(needle: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        if let Some(one) = One::new(needle) {
            return one.find(haystack);
        }
    }
    memchr::memchr(needle, haystack)
}

/// Where `a` or `b` first occurs in `haystack`.
pub fn find2(a: u8, b: u8, haystack: &[u8]) -> Option<usize> {
    #[cfg(target_arch = "x86_64")]
    {
        if let Some(two) = Two::new(a, b) {
            return two.find(haystack);
        }
    }
    memchr::memchr2(a, b, haystack)
}

/// Every place `needle` occurs in `haystack`, in order.
pub fn find_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let found = at + find(needle, haystack.get(at..)?)?;
        at = found + 1;
        Some(found)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_find_what_a_plain_scan_finds() {
        // Lengths around the vector widths, needles at every place.
        for len in [0, 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 200] {
            for at in 0..len {
                let mut hay = vec![b'x'; len];
                hay[at] = b'\t';
                if at + 3 < len {
                    hay[at + 3] = b'\t';
                }
                let plain: Vec<usize> = (0..len).filter(|&i| hay[i] == b'\t').collect();
                assert_eq!(find(b'\t', &hay), plain.first().copied(), "{len} {at}");
                assert_eq!(find_iter(b'\t', &hay).collect::<Vec<_>>(), plain);
                assert_eq!(find2(b'"', b'\t', &hay), plain.first().copied());
                assert_eq!(find(b'\n', &hay), None);
            }
        }
        assert_eq!(find2(b'"', b'\\', br#"ab\"c"#), Some(2));
        assert_eq!(find2(b'"', b'\\', br#"ab"\c"#), Some(2));
        assert_eq!(find_iter(b'a', b"").count(), 0);
    }
}
