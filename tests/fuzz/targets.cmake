# The fuzz targets and what each one parses; included by tests/fuzz/CMakeLists.txt (the
# libFuzzer binaries, clang) and tests/CMakeLists.txt (the replay tests, any compiler).
# CACHESCOPE_FUZZ_SOURCES_<name>: product sources compiled into the fuzzer, instrumented.
set(CACHESCOPE_FUZZ_TARGETS decoder resp metadump connspec djangokey glob)
file(GLOB CACHESCOPE_FUZZ_SOURCES_decoder CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/connectors/codec/*.cpp)
set(CACHESCOPE_FUZZ_SOURCES_resp ${PROJECT_SOURCE_DIR}/connectors/redis/respparser.cpp
                                 ${PROJECT_SOURCE_DIR}/connectors/redis/respvalue.cpp
                                 ${PROJECT_SOURCE_DIR}/connectors/redis/scanreply.cpp)
set(CACHESCOPE_FUZZ_SOURCES_metadump ${PROJECT_SOURCE_DIR}/connectors/memcached/metadumpparser.cpp)
set(CACHESCOPE_FUZZ_SOURCES_connspec ${PROJECT_SOURCE_DIR}/connectors/core/connectionspec.cpp ${PROJECT_SOURCE_DIR}/connectors/core/hostlisturl.cpp
                                     ${PROJECT_SOURCE_DIR}/connectors/core/error.cpp)
set(CACHESCOPE_FUZZ_SOURCES_djangokey ${PROJECT_SOURCE_DIR}/connectors/codec/djangokey.cpp)
set(CACHESCOPE_FUZZ_SOURCES_glob ${PROJECT_SOURCE_DIR}/connectors/core/globmatch.cpp)
set(CACHESCOPE_FUZZ_DIR ${CMAKE_CURRENT_LIST_DIR})
