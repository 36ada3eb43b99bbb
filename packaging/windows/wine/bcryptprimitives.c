/*
 * For the tests under Wine only, never shipped: Rust's standard library (1.78 and later) draws
 * its random bytes from ProcessPrng in bcryptprimitives.dll, which Windows 10 and 11 have and
 * Debian 12's Wine 8.0 does not (balise.exe then fails to start with status c0000135).
 * scripts/package builds this stand-in with mingw-w64 and copies it into the test prefix's
 * system32; it asks Wine's RtlGenRandom (advapi32's SystemFunction036) for the bytes.
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
