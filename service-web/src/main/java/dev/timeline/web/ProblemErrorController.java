package dev.timeline.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error page ({@code /error}, where Tomcat forwards an error that reached the application but no
 * controller answered: a refused method, an exception in a filter) as a problem detail typed by its status, whatever
 * the client accepts; replaces Boot's, which answers browsers with HTML. The exception's message is not shown.
 */
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${spring.web.error.path:${error.path:/error}}")
    ResponseEntity<String> error(HttpServletRequest request) {
        int status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code ? code : 500;
        String uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String u ? u : null;
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.json(Problems.ofStatus(status), uri));
    }
}
