#include <stdio.h>
#include "config-host.h"
int main(int argc, char **argv)
{
    printf("Peregrine %s\n", PEREGRINE_VERSION);
    return 0;
}
