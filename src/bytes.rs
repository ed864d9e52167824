//! Byte searches for the listing cache and the JSON layout.
//!
//! memchr's entry points ask the processor, on their first use in a
//! process, whether it has AVX2 (`std_detect`: a series of `cpuid`
//! instructions, each a trap to the hypervisor on a virtual machine): on
//! the benchmark machine 58-61 µs, 4.5% of a profile of 200 claims, for
//! searches of lines a few hundred bytes long. On x86_64 these use SSE2,
//! which that architecture always has, and ask nothing (`find` and
//! `find2` memchr's SSE2 routines, `find_iter` its own 16-byte masks);
//! elsewhere memchr's entry points and a plain scan.

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

/// Every place `needle` occurs in `haystack`, in order. Sixteen bytes are
/// compared at once and each match is taken from their mask: the fields
/// this splits (a cache line's) are a few bytes long, where a search
/// started again after every match costs more than the comparing.
pub fn find_iter(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut chunk = 0;
    let mut mask = mask_at(needle, haystack, 0);
    std::iter::from_fn(move || {
        while mask == 0 {
            chunk += 16;
            if chunk >= haystack.len() {
                return None;
            }
            mask = mask_at(needle, haystack, chunk);
        }
        let found = chunk + mask.trailing_zeros() as usize;
        mask &= mask - 1;
        Some(found)
    })
}

/// Bit `i` set where `haystack[at + i]` is `needle`, for the (up to) 16
/// bytes from `at`.
fn mask_at(needle: u8, haystack: &[u8], at: usize) -> u32 {
    let rest = haystack.get(at..).unwrap_or_default();
    #[cfg(target_arch = "x86_64")]
    if rest.len() >= 16 {
        use std::arch::x86_64::{
            _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_set1_epi8,
        };
        // SAFETY: SSE2 is part of x86_64, and the 16 bytes loaded are
        // within `rest` (an unaligned load).
        let bits = unsafe {
            let bytes = _mm_loadu_si128(rest.as_ptr().cast());
            _mm_movemask_epi8(_mm_cmpeq_epi8(bytes, _mm_set1_epi8(needle as i8)))
        };
        return bits as u32;
    }
    (rest.iter().take(16).enumerate())
        .filter(|(_, b)| **b == needle)
        .fold(0, |mask, (i, _)| mask | 1 << i)
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
