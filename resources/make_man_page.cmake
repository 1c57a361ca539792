# Runs help2man on attnscope with a COMMANDS section made of each command's own --help.
# Called by resources/CMakeLists.txt with -DHELP2MAN= -DATTNSCOPE= -DOUTPUT= -DWORK_DIR=.
set(include_file ${WORK_DIR}/attnscope.h2m)
set(text "[DESCRIPTION]\nAttnScope measures and visualises what each way of computing attention costs: the \
quadratic (QK^T)V and softmax baselines, the Performer's linear order Q(K^TV) and FAVOR+, the multi-head \
layer and the Xformer. Without a command it opens the Qt GUI.\n\n[COMMANDS]\n")
foreach(command bench eval compare report)
    # `report` needs no display for --help: attnscope falls back to the offscreen platform itself.
    execute_process(COMMAND ${ATTNSCOPE} ${command} --help OUTPUT_VARIABLE help RESULT_VARIABLE status)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "attnscope ${command} --help failed (${status})")
    endif()
    # roff: backslashes are escapes, and a line starting with '.' or ' would be read as a request.
    string(REPLACE "\\" "\\e" help "${help}")
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
    string(APPEND text ".SS \"attnscope ${command}\"\n.nf\n${help}.fi\n")
endforeach()
string(APPEND text "\n[SEE ALSO]\nThe README and docs/formats.md in the AttnScope sources.\n")
file(WRITE ${include_file} "${text}")
execute_process(
    COMMAND ${HELP2MAN} --no-info --section=1 "--name=explore what each way of computing attention costs"
            --include=${include_file} --output=${OUTPUT} ${ATTNSCOPE}
    RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "help2man failed (${status})")
endif()
# Debian ships man pages compressed with gzip -9n (no name or time stamp, so the build is reproducible).
execute_process(COMMAND gzip -9n -c ${OUTPUT} OUTPUT_FILE ${OUTPUT}.gz RESULT_VARIABLE status)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "gzip of the man page failed (${status})")
endif()
