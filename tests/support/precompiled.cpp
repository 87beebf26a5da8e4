// The source of the precompiled-header hosts in tests/CMakeLists.txt: a target needs one source
// file to build its precompiled header from; the tests of its group reuse that header.
