/* The static berth-init binary, embedded so that `run --init` needs no file in the image. */
    .section .rodata
    .balign 16
    .global berth_reaper_start
berth_reaper_start:
    .incbin "berth-init"
    .global berth_reaper_end
berth_reaper_end:
    .section .note.GNU-stack,"",@progbits
