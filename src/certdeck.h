/* certdeck: the whole backend API in one include, for front ends and tests. */
#ifndef CERTDECK_H
#define CERTDECK_H

#include "error.h"
#include "ctx.h"
#include "file.h"
#include "key.h"
#include "profile.h"
#include "issue.h"
#include "request.h"
#include "store.h"
#include "ca.h"
#include "import.h"
#include "inspect.h"
#include "verify.h"
#include "lint.h"

#endif
