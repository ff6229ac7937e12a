// The one source of the object library that builds the tests' shared precompiled header
// (cmake/BuildSpeed.cmake); the test executables reuse that PCH.
