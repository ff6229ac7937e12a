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
