# One INTERFACE target carries the flags every CacheScope target shares.
add_library(cachescope_common INTERFACE)
target_compile_features(cachescope_common INTERFACE cxx_std_20)
target_compile_definitions(cachescope_common INTERFACE
    QT_NO_CAST_FROM_ASCII            # every user-visible string goes through QStringLiteral / tr()
    QT_NO_CONTEXTLESS_CONNECT        # a connect() without a context object outlives its receiver
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_NO_FOREACH
    CACHESCOPE_VERSION="${PROJECT_VERSION}")
target_compile_options(cachescope_common INTERFACE -Wall -Wextra -Wpedantic
    $<$<BOOL:${CACHESCOPE_WERROR}>:-Werror>)

# ASan + UBSan for the whole tree (installers/test-sanitizers.sh builds build-asan/ with it).
# -O1 keeps the suite fast enough while stack traces stay readable; any UB aborts the test,
# so a finding cannot scroll by unnoticed.
if(CACHESCOPE_SANITIZE)
    set(CACHESCOPE_SANITIZE_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer
                                  -fno-sanitize-recover=undefined)
    target_compile_options(cachescope_common INTERFACE ${CACHESCOPE_SANITIZE_FLAGS} -O1)
    target_link_options(cachescope_common INTERFACE ${CACHESCOPE_SANITIZE_FLAGS})
endif()
