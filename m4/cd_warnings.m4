# CD_WARN_CFLAGS: collect into WARN_CFLAGS every warning flag the compiler accepts.
AC_DEFUN([CD_WARN_CFLAGS], [
  WARN_CFLAGS=
  cd_save_CFLAGS=$CFLAGS
  for cd_flag in -Wall -Wextra -Wformat=2 -Wformat-security -Wshadow \
      -Wpointer-arith -Wcast-align -Wwrite-strings -Wstrict-prototypes \
      -Wmissing-prototypes -Wmissing-declarations -Wold-style-definition \
      -Wundef -Wvla -Wnull-dereference -Wimplicit-fallthrough \
      \
      -Wredundant-decls -Wnested-externs -Winit-self -Wlogical-op \
      -Wduplicated-cond -Wduplicated-branches -Wdouble-promotion \
      -Wstrict-overflow=2 -Wno-unused-parameter -Wno-missing-field-initializers \
      -fstack-protector-strong; do
    AC_MSG_CHECKING([whether $CC accepts $cd_flag])
    CFLAGS="$cd_save_CFLAGS -Werror $cd_flag"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [])],
      [AC_MSG_RESULT([yes]); WARN_CFLAGS="$WARN_CFLAGS $cd_flag"],
      [AC_MSG_RESULT([no])])
  done
  CFLAGS=$cd_save_CFLAGS
])
