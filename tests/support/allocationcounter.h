#pragma once

// Counts heap allocations, so that a test can check that a warm hot path allocates nothing:
//
//     const long before = allocationCount.load();
//     runTheHotPath();
//     QCOMPARE(allocationCount.load(), before);
//
// It replaces the global operator new/delete, so include it in exactly one file of a test
// executable (each tst_*.cpp is its own executable).

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> allocationCount{0};
} // namespace

void *operator new(std::size_t size)
{
    allocationCount.fetch_add(1, std::memory_order_relaxed);
    if (void *memory = std::malloc(size == 0 ? 1 : size))
        return memory;
    throw std::bad_alloc();
}
void operator delete(void *memory) noexcept
{
    std::free(memory);
}
void operator delete(void *memory, std::size_t) noexcept
{
    std::free(memory);
}
