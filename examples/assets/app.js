document.querySelectorAll(".visits").forEach((el) => el.setAttribute("title", "visits in this session"));
